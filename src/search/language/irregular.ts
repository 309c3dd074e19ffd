/**
 * Irregular English inflections that suffix stripping cannot undo ("flew" → "fly"), and
 * the verbs in -ie whose inflections the Porter stemmer cuts short ("died" → "di", not "die").
 * General English, not tied to any article.
 */
const VERBS = `arise arose arisen|awake awoke awoken|be was were been|bear bore borne|beat beat beaten|
become became become|begin began begun|bend bent|bet bet|bind bound|bite bit bitten|bleed bled|
blow blew blown|break broke broken|breed bred|bring brought|build built|burn burnt|buy bought|
catch caught|choose chose chosen|cling clung|come came come|cost cost|creep crept|cut cut|deal dealt|
dig dug|do did done|draw drew drawn|dream dreamt|drink drank drunk|drive drove driven|eat ate eaten|
fall fell fallen|feed fed|feel felt|fight fought|find found|flee fled|fling flung|fly flew flown|
forbid forbade forbidden|forget forgot forgotten|forgive forgave forgiven|freeze froze frozen|
get got gotten|give gave given|go went gone|grow grew grown|hang hung|have had has|
hear heard|hide hid hidden|hit hit|hold held|hurt hurt|keep kept|kneel knelt|know knew known|
lay laid|lead led|lean leant|leap leapt|learn learnt|leave left|lend lent|let let|
light lit|lose lost|make made|mean meant|meet met|pay paid|prove proven|put put|quit quit|read read|
ride rode ridden|ring rang rung|rise rose risen|run ran run|say said|see saw seen|seek sought|
sell sold|send sent|set set|shake shook shaken|shed shed|shine shone|shoot shot|show shown|
shrink shrank shrunk|shut shut|sing sang sung|sink sank sunk|sit sat|sleep slept|slide slid|
speak spoke spoken|speed sped|spend spent|spin spun|split split|spread spread|spring sprang sprung|
stand stood|steal stole stolen|stick stuck|sting stung|strike struck stricken|strive strove striven|
swear swore sworn|sweep swept|swim swam swum|swing swung|take took taken|teach taught|tear tore torn|
tell told|think thought|throw threw thrown|tread trod trodden|understand understood|
undertake undertook undertaken|uphold upheld|wake woke woken|wear wore worn|weave wove woven|
weep wept|win won|withdraw withdrew withdrawn|withhold withheld|write wrote written|
overthrow overthrew overthrown|overtake overtook overtaken|mislead misled|foresee foresaw foreseen|
shoot shot|seek sought|rebuild rebuilt|retake retook retaken|undergo underwent undergone|
die died dies dying|tie tied ties tying|lie lied lies lying|vie vied vies vying`;

const NOUNS = `man men|woman women|child children|person people|foot feet|tooth teeth|mouse mice|
goose geese|crisis crises|analysis analyses|thesis theses|criterion criteria|phenomenon phenomena|
medium media|datum data|index indices|life lives|wife wives|knife knives|leaf leaves|half halves|
thief thieves|ally allies|staff staffs`;

function table(spec: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const group of spec.split('|')) {
    const [base, ...forms] = group.trim().split(/\s+/);
    if (!base) continue;
    for (const form of forms) if (form !== base && !map.has(form)) map.set(form, base);
  }
  return map;
}

export const IRREGULAR_VERBS = table(VERBS);
export const IRREGULAR_NOUNS = table(NOUNS);

/** The base form of an irregular word, or undefined when the word is regular. */
export function irregularBase(word: string): string | undefined {
  return IRREGULAR_VERBS.get(word) ?? IRREGULAR_NOUNS.get(word);
}
