// Fitted by scripts/train-ranker.ts (npm run train); do not edit by hand.
// cross-validated (5 folds by article):
//   seed dev               questions   40  P@1  97.1 %  abstained 5 (0 answerable)  strong 10/10 (100.0 %)  good 14/15 (93.3 %)
//   seed holdout           questions   75  P@1  95.0 %  abstained 9 (0 answerable)  strong 6/6 (100.0 %)  good 29/30 (96.7 %)
//   seed members           questions   43  P@1  77.1 %  abstained 7 (0 answerable)  strong 4/4 (100.0 %)  good 13/15 (86.7 %)
//   four news articles     questions   72  P@1  53.3 %  abstained 9 (3 answerable)  strong 6/7 (85.7 %)  good 12/15 (80.0 %)
//   selqa article missing  questions  785  P@1   0.0 %  abstained 111 (0 answerable)  strong 0/7 (0.0 %)  good 0/44 (0.0 %)
//   selqa whole folder     questions  785  P@1  75.3 %  abstained 2 (2 answerable)  strong 203/216 (94.0 %)  good 218/265 (82.3 %)
//   selqa per article      questions 1570  P@1  83.3 %  abstained 795 (71 answerable)  strong 163/175 (93.1 %)  good 252/289 (87.2 %)
//   selqa search queries   questions 1570  P@1  82.3 %  abstained 849 (108 answerable)  strong 86/95 (90.5 %)  good 264/290 (91.0 %)
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
    0.6877,
    0.6844,
    1.2615,
    -1.0782,
    -0.4488,
    0.664,
    -0.0902,
    1.5501,
    0.3942,
    -0.0665,
    -1.115,
    -0.316,
    -0.063,
    -0.0124,
    -0.054,
    -0.1879,
    -0.0061,
    0.6428,
    0.6135,
    1.3961,
    0.5112,
    1.0324,
    0.7582,
    0.8501,
    0.7975,
    0.8337,
    0,
    -0.1686
  ],
  "bias": 0,
  "calibration": {
    "bias": -4.3473,
    "weights": [
      0.5994,
      0.6174,
      0.89,
      0.1945,
      0.2158,
      -0.0782,
      -0.3049,
      -0.0672
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
      "article": 0.4
    },
    "follower": 0.014,
    "good": 0.74,
    "strong": 0.92
  }
} as const;
