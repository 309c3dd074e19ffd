// Fitted by scripts/train-ranker.ts (npm run train); do not edit by hand.
// cross-validated (5 folds by article):
//   seed dev               questions   40  P@1  94.3 %  abstained 5 (0 answerable)  strong 8/8 (100.0 %)  good 18/19 (94.7 %)
//   seed holdout           questions   75  P@1  95.0 %  abstained 9 (0 answerable)  strong 6/6 (100.0 %)  good 33/34 (97.1 %)
//   seed members           questions   43  P@1  77.1 %  abstained 7 (0 answerable)  strong 4/4 (100.0 %)  good 15/17 (88.2 %)
//   four news articles     questions   72  P@1  53.3 %  abstained 7 (1 answerable)  strong 5/6 (83.3 %)  good 14/18 (77.8 %)
//   selqa article missing  questions  785  P@1   0.0 %  abstained 127 (0 answerable)  strong 0/7 (0.0 %)  good 0/48 (0.0 %)
//   selqa whole folder     questions  785  P@1  75.4 %  abstained 3 (3 answerable)  strong 190/202 (94.1 %)  good 228/276 (82.6 %)
//   selqa per article      questions 1570  P@1  83.3 %  abstained 768 (60 answerable)  strong 144/155 (92.9 %)  good 271/312 (86.9 %)
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
    0.7067,
    0.535,
    1.2752,
    -1.0051,
    -0.5028,
    0.7089,
    -0.17,
    1.636,
    0.3166,
    -0.1165,
    -1.1758,
    -0.3358,
    -0.1861,
    -0.135,
    -0.0229,
    -0.1393,
    -0.0075,
    0.7493,
    0.6879,
    1.4303,
    0.6383,
    1.1606,
    0.8146,
    0.7409,
    0.7654,
    0.8367,
    0
  ],
  "bias": 0,
  "calibration": {
    "bias": -4.323,
    "weights": [
      0.5688,
      0.6199,
      0.9237,
      0.2724,
      0.2173,
      -0.0329,
      -0.3511,
      -0.1095
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
    "good": 0.72,
    "strong": 0.92
  }
} as const;
