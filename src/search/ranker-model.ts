// Fitted by scripts/train-ranker.ts (npm run train); do not edit by hand.
// cross-validated (5 folds by article):
//   seed dev               questions   40  P@1  97.1 %  abstained 5 (0 answerable)  strong 10/10 (100.0 %)  good 14/15 (93.3 %)
//   seed holdout           questions   75  P@1  95.0 %  abstained 9 (0 answerable)  strong 6/6 (100.0 %)  good 30/31 (96.8 %)
//   seed members           questions   43  P@1  77.1 %  abstained 7 (0 answerable)  strong 4/4 (100.0 %)  good 14/16 (87.5 %)
//   four news articles     questions   72  P@1  53.3 %  abstained 7 (1 answerable)  strong 5/6 (83.3 %)  good 13/17 (76.5 %)
//   selqa article missing  questions  785  P@1   0.0 %  abstained 115 (0 answerable)  strong 0/7 (0.0 %)  good 0/41 (0.0 %)
//   selqa whole folder     questions  785  P@1  75.2 %  abstained 3 (3 answerable)  strong 198/212 (93.4 %)  good 206/249 (82.7 %)
//   selqa per article      questions 1570  P@1  83.3 %  abstained 776 (65 answerable)  strong 145/157 (92.4 %)  good 248/280 (88.6 %)
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
    0.7207,
    0.6432,
    1.2889,
    -1.0402,
    -0.5004,
    0.6996,
    -0.2086,
    1.6441,
    0.3067,
    -0.0957,
    -1.1645,
    -0.3374,
    -0.1532,
    -0.0801,
    -0.0353,
    -0.1373,
    -0.0076,
    0.6978,
    0.6676,
    1.436,
    0.5856,
    1.152,
    0.7774,
    0.7804,
    0.7985,
    0.822,
    0
  ],
  "bias": 0,
  "calibration": {
    "bias": -4.2666,
    "weights": [
      0.5627,
      0.6315,
      0.9167,
      0.2697,
      0.2253,
      -0.0637,
      -0.3636,
      -0.1161
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
      "article": 0.36
    },
    "follower": 0.014,
    "good": 0.75,
    "strong": 0.92
  }
} as const;
