// Fitted by scripts/train-ranker.ts (npm run train); do not edit by hand.
// cross-validated (5 folds by article):
//   seed dev               questions   40  P@1  97.1 %  abstained 5 (0 answerable)  strong 8/8 (100.0 %)  good 19/20 (95.0 %)
//   seed holdout           questions   75  P@1  95.0 %  abstained 9 (0 answerable)  strong 7/7 (100.0 %)  good 32/33 (97.0 %)
//   seed members           questions   43  P@1  77.1 %  abstained 7 (0 answerable)  strong 4/4 (100.0 %)  good 15/17 (88.2 %)
//   four news articles     questions   72  P@1  53.3 %  abstained 6 (0 answerable)  strong 6/7 (85.7 %)  good 14/19 (73.7 %)
//   selqa article missing  questions  785  P@1   0.0 %  abstained 102 (0 answerable)  strong 0/6 (0.0 %)  good 0/49 (0.0 %)
//   selqa whole folder     questions  785  P@1  75.5 %  abstained 3 (3 answerable)  strong 192/205 (93.7 %)  good 231/281 (82.2 %)
//   selqa per article      questions 1570  P@1  83.3 %  abstained 768 (60 answerable)  strong 150/160 (93.8 %)  good 272/316 (86.1 %)
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
    "termCount"
  ],
  "weights": [
    0.6667,
    0.5634,
    1.3224,
    -0.9905,
    -0.5166,
    0.6769,
    -0.1727,
    1.66,
    0.395,
    -0.0726,
    -1.1852,
    -0.3566,
    -0.2143,
    -0.1168,
    -0.084,
    -0.1402,
    -0.0066,
    0.7238,
    0.697,
    1.392,
    0.5912,
    1.2031,
    0.792,
    0.775,
    0.7739,
    0.8559,
    0
  ],
  "bias": 0,
  "calibration": {
    "bias": -4.3918,
    "weights": [
      0.5855,
      0.6103,
      0.9549,
      0.2602,
      0.2149,
      -0.0507,
      -0.3463,
      -0.1189
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
      "folder": 0.13,
      "article": 0.35
    },
    "follower": 0.013,
    "good": 0.72,
    "strong": 0.92
  }
} as const;
