// Fitted by scripts/train-ranker.ts (npm run train); do not edit by hand.
// cross-validated (5 folds by article):
//   seed dev               questions   40  P@1  97.1 %  abstained 5 (0 answerable)  strong 10/10 (100.0 %)  good 14/15 (93.3 %)
//   seed holdout           questions   75  P@1  95.0 %  abstained 9 (0 answerable)  strong 6/6 (100.0 %)  good 29/30 (96.7 %)
//   seed members           questions   43  P@1  77.1 %  abstained 7 (0 answerable)  strong 4/4 (100.0 %)  good 13/15 (86.7 %)
//   four news articles     questions   72  P@1  53.3 %  abstained 9 (3 answerable)  strong 5/6 (83.3 %)  good 13/15 (86.7 %)
//   selqa article missing  questions  785  P@1   0.0 %  abstained 112 (0 answerable)  strong 0/7 (0.0 %)  good 0/44 (0.0 %)
//   selqa whole folder     questions  785  P@1  75.2 %  abstained 2 (2 answerable)  strong 202/215 (94.0 %)  good 220/266 (82.7 %)
//   selqa per article      questions 1570  P@1  83.3 %  abstained 787 (68 answerable)  strong 162/174 (93.1 %)  good 254/292 (87.0 %)
//   selqa search queries   questions 1570  P@1  82.4 %  abstained 838 (100 answerable)  strong 85/93 (91.4 %)  good 262/289 (90.7 %)
export const RANKER = {
  "features": [
    "coverage",
    "exact",
    "titleGain",
    "docGain",
    "missingMax",
    "proximity",
    "phrase",
    "answerType",
    "firstMention",
    "neighbours",
    "headline",
    "caption",
    "lead",
    "position",
    "length",
    "short",
    "nonWords",
    "subject",
    "definition",
    "relativeScore",
    "matchedShare",
    "docShare",
    "localCoverage",
    "localExact",
    "lengthNormalised",
    "localLengthNormalised",
    "termCount",
    "background"
  ],
  "weights": [
    0.6793,
    0.6765,
    1.2744,
    -1.082,
    -0.4507,
    0.6614,
    -0.1076,
    1.5601,
    0.3944,
    -0.0698,
    -1.1154,
    -0.3166,
    -0.0641,
    -0.0118,
    -0.0557,
    -0.188,
    -0.006,
    0.6477,
    0.6134,
    1.3856,
    0.5247,
    1.0353,
    0.7576,
    0.8415,
    0.7951,
    0.8333,
    0,
    -0.1758
  ],
  "bias": 0,
  "calibration": {
    "bias": -4.3404,
    "weights": [
      0.5995,
      0.6179,
      0.8966,
      0.1977,
      0.2163,
      -0.0797,
      -0.3059,
      -0.0666
    ],
    "inputs": [
      "z",
      "margin",
      "alone",
      "coverage",
      "titleGain",
      "exact",
      "missingMax",
      "perArticle"
    ]
  },
  "thresholds": {
    "abstain": {
      "folder": 0.14,
      "article": 0.39
    },
    "follower": 0.014,
    "good": 0.74,
    "strong": 0.92
  }
} as const;
