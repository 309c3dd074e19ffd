// Fitted by scripts/train-ranker.ts (npm run train); do not edit by hand.
// cross-validated (5 folds by article):
//   seed dev               questions   40  P@1  94.3 %  abstained 5 (0 answerable)  strong 13/13 (100.0 %)  good 6/6 (100.0 %)
//   seed holdout           questions   75  P@1  91.7 %  abstained 11 (1 answerable)  strong 16/17 (94.1 %)  good 15/15 (100.0 %)
//   seed members           questions   43  P@1  77.1 %  abstained 7 (1 answerable)  strong 8/8 (100.0 %)  good 6/8 (75.0 %)
//   four news articles     questions   72  P@1  58.3 %  abstained 16 (9 answerable)  strong 13/15 (86.7 %)  good 4/4 (100.0 %)
//   selqa whole folder     questions 1570  P@1  75.4 %  abstained 380 (37 answerable)  strong 298/329 (90.6 %)  good 77/110 (70.0 %)
//   selqa per article      questions 1570  P@1  83.4 %  abstained 693 (49 answerable)  strong 249/269 (92.6 %)  good 114/129 (88.4 %)
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
    0.7531,
    0.5173,
    1.3496,
    -0.929,
    -0.5143,
    0.5404,
    0.005,
    1.5091,
    0.3869,
    0.2142,
    -1.101,
    -0.4301,
    -0.219,
    -0.1052,
    -0.189,
    -0.1285,
    -0.0109,
    0.6985,
    0.6506,
    1.4807,
    0.558,
    1.3953,
    0.9589,
    0.7385,
    0.8593,
    1.0524,
    0
  ],
  "bias": 0,
  "calibration": {
    "bias": -4.1234,
    "weights": [
      0.5395,
      0.5225,
      0.074,
      0.1897,
      -0.0745,
      -0.1855,
      -0.2053
    ],
    "inputs": [
      "z",
      "margin",
      "coverage",
      "titleGain",
      "exact",
      "missingMax",
      "perArticle"
    ],
    "soloMargin": 2
  },
  "thresholds": {
    "abstain": 0.28,
    "follower": 0.028,
    "good": 0.81,
    "strong": 0.89
  }
} as const;
