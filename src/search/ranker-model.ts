// Fitted by scripts/train-ranker.ts (npm run train); do not edit by hand.
// cross-validated (5 folds by article):
//   seed dev               questions   40  P@1  97.1 %  abstained 5 (0 answerable)  strong 10/10 (100.0 %)  good 14/15 (93.3 %)
//   seed holdout           questions   75  P@1  93.3 %  abstained 9 (0 answerable)  strong 6/6 (100.0 %)  good 29/30 (96.7 %)
//   seed members           questions   43  P@1  77.1 %  abstained 7 (0 answerable)  strong 4/4 (100.0 %)  good 13/15 (86.7 %)
//   four news articles     questions   72  P@1  53.3 %  abstained 9 (3 answerable)  strong 6/7 (85.7 %)  good 12/15 (80.0 %)
//   selqa article missing  questions  785  P@1   0.0 %  abstained 112 (0 answerable)  strong 0/7 (0.0 %)  good 0/44 (0.0 %)
//   selqa whole folder     questions  785  P@1  75.4 %  abstained 3 (3 answerable)  strong 202/215 (94.0 %)  good 220/267 (82.4 %)
//   selqa per article      questions 1570  P@1  83.3 %  abstained 790 (70 answerable)  strong 163/175 (93.1 %)  good 252/289 (87.2 %)
//   selqa search queries   questions 1570  P@1  82.3 %  abstained 838 (100 answerable)  strong 86/95 (90.5 %)  good 264/290 (91.0 %)
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
    0.6897,
    0.6818,
    1.261,
    -1.08,
    -0.4514,
    0.6623,
    -0.0902,
    1.5496,
    0.4009,
    -0.0686,
    -1.1141,
    -0.3163,
    -0.0643,
    -0.0116,
    -0.05,
    -0.1878,
    -0.0061,
    0.645,
    0.611,
    1.4002,
    0.5189,
    1.0325,
    0.7597,
    0.8435,
    0.7946,
    0.8337,
    0,
    -0.1685
  ],
  "bias": 0,
  "calibration": {
    "bias": -4.3558,
    "weights": [
      0.6002,
      0.6176,
      0.8873,
      0.1927,
      0.216,
      -0.0781,
      -0.3105,
      -0.067
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
