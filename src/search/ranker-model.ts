// Fitted by scripts/train-ranker.ts (npm run train); do not edit by hand.
// cross-validated (5 folds by article):
//   seed dev               questions   40  P@1  97.1 %  abstained 5 (0 answerable)  strong 10/10 (100.0 %)  good 14/15 (93.3 %)
//   seed holdout           questions   75  P@1  93.3 %  abstained 9 (0 answerable)  strong 6/6 (100.0 %)  good 29/30 (96.7 %)
//   seed members           questions   43  P@1  77.1 %  abstained 7 (0 answerable)  strong 4/4 (100.0 %)  good 13/15 (86.7 %)
//   four news articles     questions   72  P@1  53.3 %  abstained 9 (3 answerable)  strong 6/7 (85.7 %)  good 12/15 (80.0 %)
//   selqa article missing  questions  785  P@1   0.0 %  abstained 112 (0 answerable)  strong 0/7 (0.0 %)  good 0/45 (0.0 %)
//   selqa whole folder     questions  785  P@1  75.5 %  abstained 3 (3 answerable)  strong 203/216 (94.0 %)  good 218/265 (82.3 %)
//   selqa per article      questions 1570  P@1  83.4 %  abstained 790 (70 answerable)  strong 164/176 (93.2 %)  good 251/288 (87.2 %)
//   selqa search queries   questions 1570  P@1  82.5 %  abstained 838 (100 answerable)  strong 86/94 (91.5 %)  good 264/291 (90.7 %)
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
    0.6928,
    0.6781,
    1.2527,
    -1.0749,
    -0.4513,
    0.6591,
    -0.0933,
    1.5493,
    0.4031,
    -0.071,
    -1.1136,
    -0.3157,
    -0.0614,
    -0.0063,
    -0.044,
    -0.1876,
    -0.0061,
    0.6465,
    0.611,
    1.4051,
    0.5245,
    1.0323,
    0.7645,
    0.8422,
    0.7931,
    0.8335,
    0,
    -0.1688
  ],
  "bias": 0,
  "calibration": {
    "bias": -4.3666,
    "weights": [
      0.6004,
      0.6168,
      0.8866,
      0.192,
      0.2165,
      -0.0787,
      -0.3108,
      -0.0662
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
