/**
 * Words that carry no topic on their own. Question words are listed separately because
 * they hint at the kind of answer wanted.
 */
export const STOPWORDS = new Set(
  `a about above after again against all also am an and any are aren't as at be because been
  before being below between both but by can could couldn't did didn't do does doesn't doing don't
  down during each else ever few for from further get gets got had hadn't has hasn't have haven't
  having he he'd he'll he's her here here's hers herself him himself his i i'd i'll i'm i've if in
  into is isn't it it's its itself just let's like may me might more most much must mustn't my myself
  no nor not now of off on once only or other ought our ours ourselves out over own please really
  same shall shan't she she'd she'll she's should shouldn't so some such tell than that that's the
  their theirs them themselves then there there's these they they'd they'll they're they've this
  those through to too under until up upon us very was wasn't we we'd we'll we're we've were
  weren't what's when's where's which's while who's whom why's will with won't would wouldn't yes
  yet you you'd you'll you're you've your yours yourself yourselves anything something everything
  nothing anyone someone thing things know want wanted kind sort lot lots actually really basically
  anyway anyways even still exactly completely totally literally probably maybe perhaps guess
  think thought heard hear okay ok hey hi hello thanks thank please`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Question words, mapped to the kind of answer they ask for. A Map, never a plain
 * object: a question's words are looked up in it, and "constructor" is in every object.
 */
export const QUESTION_WORDS: ReadonlyMap<string, AnswerType> = new Map([
  ['who', 'person'],
  ['whom', 'person'],
  ['whose', 'person'],
  ['when', 'date'],
  ['where', 'place'],
  ['why', 'reason'],
  ['how', 'manner'],
  ['what', 'thing'],
  ['which', 'thing'],
]);

/**
 * Verbs so general that matching them says little ("what happened", "what did they do").
 * They still count, with a fraction of their weight.
 */
export const LIGHT_WORDS = new Set(
  `happen happened happening happens occur occurred occurs do did does done make made say said says
  go went gone take took taken give gave given come came use used mean means meant call called
  see saw seen get got getting
  way ways time times people person one ones new`
    .split(/\s+/)
    .filter(Boolean),
);

export type AnswerType = 'person' | 'date' | 'place' | 'reason' | 'number' | 'duration' | 'statement' | 'manner' | 'thing';

/**
 * Chat around a question that says nothing about its topic: greetings, hedges, laughter
 * and the like. They are never content, whatever the sources hold ("quick" or "friend"
 * may well be words of an article).
 */
export const CHAT_FILLER = new Set(
  `yo hey hi hiya hello sup lol lmao lmfao rofl haha hah bro bruh dude guys folks fam pls plz please btw tbh imo imho
  idk ikr fr ngl smh omg kinda sorta basically stuff nah yeah yea yep yup ok okay k um umm uh uhh hmm wait quick q qq
  anyone anybody someone somebody everyone everybody honestly seriously srsly like`
    .split(/\s+/)
    .filter(Boolean),
);

/**
 * Lead-ins and asides members put around a question ("could anyone tell me", "asking for
 * a friend", "a friend told me that"), matched in any case and removed before
 * analysis, so they neither dilute the question's coverage nor match the sources.
 */
export const CHAT_LEAD_INS: readonly RegExp[] = [
  /\b(?:could|can|would|will) (?:any|some)(?:one|body) (?:pls |please )?(?:tell|explain(?: to)?|show|remind) me\b/gi,
  /\b(?:could|can|would|will) (?:you|u) (?:pls |please )?(?:tell|explain(?: to)?|show|remind) me\b/gi,
  /\b(?:does|do) (?:any|some)(?:one|body) know\b/gi,
  /\b(?:i|im|i['’]m) (?:was |am |just )?(?:wondering|curious|confused)\b/gi,
  /\basking for a friend\b/gi,
  /\b(?:a|my) (?:friend|buddy|mate|coworker|cousin|roommate) (?:told|said to|asked|was telling) me(?: that)?\b/gi,
  /\b(?:i|we) (?:heard|read|saw) (?:somewhere )?(?:that)?\b/gi,
  /\b(?:quick|dumb|stupid|random|simple|honest) (?:q|qn|question)\b/gi,
  /\bor (?:what|nah|not|no)\s*[?!.]*$/gi,
];
