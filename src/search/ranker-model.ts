// Fitted by scripts/train-ranker.ts (npm run train); do not edit by hand.
// cross-validated (5 folds by article):
//   seed dev               questions   40  P@1  94.3 %  abstained 5 (0 answerable)  strong 8/8 (100.0 %)  good 17/18 (94.4 %)
//   seed holdout           questions   75  P@1  95.0 %  abstained 9 (0 answerable)  strong 7/7 (100.0 %)  good 30/31 (96.8 %)
//   seed members           questions   43  P@1  77.1 %  abstained 7 (0 answerable)  strong 4/4 (100.0 %)  good 14/16 (87.5 %)
//   four news articles     questions   72  P@1  53.3 %  abstained 7 (1 answerable)  strong 5/6 (83.3 %)  good 14/18 (77.8 %)
//   selqa article missing  questions  785  P@1   0.0 %  abstained 127 (0 answerable)  strong 0/7 (0.0 %)  good 0/44 (0.0 %)
//   selqa whole folder     questions  785  P@1  75.5 %  abstained 3 (3 answerable)  strong 190/202 (94.1 %)  good 215/261 (82.4 %)
//   selqa per article      questions 1570  P@1  83.4 %  abstained 766 (59 answerable)  strong 150/160 (93.8 %)  good 255/293 (87.0 %)
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
    0.6938,
    0.4948,
    1.3013,
    -1.014,
    -0.5046,
    0.7081,
    -0.1618,
    1.6514,
    0.3166,
    -0.1043,
    -1.1948,
    -0.3497,
    -0.1937,
    -0.1435,
    -0.0342,
    -0.1404,
    -0.0074,
    0.7537,
    0.7102,
    1.4315,
    0.5989,
    1.1651,
    0.8104,
    0.715,
    0.7758,
    0.8603,
    0
  ],
  "bias": 0,
  "calibration": {
    "bias": -4.3217,
    "weights": [
      0.5734,
      0.6167,
      0.9438,
      0.283,
      0.2173,
      -0.0365,
      -0.3571,
      -0.1148
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
      "folder": 0.15,
      "article": 0.35
    },
    "follower": 0.015,
    "good": 0.74,
    "strong": 0.92
  }
} as const;
