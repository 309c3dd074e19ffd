// Fitted by scripts/train-ranker.ts (npm run train); do not edit by hand.
// cross-validated (5 folds by article):
//   seed dev               questions   40  P@1  97.1 %  abstained 5 (0 answerable)  strong 10/10 (100.0 %)  good 14/15 (93.3 %)
//   seed holdout           questions   75  P@1  95.0 %  abstained 9 (0 answerable)  strong 8/8 (100.0 %)  good 27/28 (96.4 %)
//   seed members           questions   43  P@1  77.1 %  abstained 7 (0 answerable)  strong 5/5 (100.0 %)  good 12/14 (85.7 %)
//   four news articles     questions   72  P@1  53.3 %  abstained 8 (2 answerable)  strong 8/9 (88.9 %)  good 10/12 (83.3 %)
//   selqa article missing  questions  785  P@1   0.0 %  abstained 102 (0 answerable)  strong 0/8 (0.0 %)  good 0/38 (0.0 %)
//   selqa whole folder     questions  785  P@1  75.2 %  abstained 2 (2 answerable)  strong 222/238 (93.3 %)  good 180/219 (82.2 %)
//   selqa per article      questions 1570  P@1  83.3 %  abstained 802 (76 answerable)  strong 176/190 (92.6 %)  good 209/238 (87.8 %)
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
    0.7227,
    0.6381,
    1.2862,
    -1.0404,
    -0.4996,
    0.7051,
    -0.2027,
    1.6447,
    0.3168,
    -0.0962,
    -1.1772,
    -0.3391,
    -0.1485,
    -0.0499,
    -0.0451,
    -0.1371,
    -0.0076,
    0.6816,
    0.6767,
    1.44,
    0.5881,
    1.1508,
    0.7802,
    0.7771,
    0.807,
    0.8297,
    0,
    -0.1799
  ],
  "bias": 0,
  "calibration": {
    "bias": -4.2908,
    "weights": [
      0.5676,
      0.6316,
      0.912,
      0.2607,
      0.2273,
      -0.071,
      -0.3619,
      -0.12
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
      "article": 0.39
    },
    "follower": 0.013,
    "good": 0.76,
    "strong": 0.91
  }
} as const;
