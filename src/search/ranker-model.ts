// Fitted by scripts/train-ranker.ts (npm run train); do not edit by hand.
// cross-validated (5 folds by article):
//   seed dev               questions   40  P@1  94.3 %  abstained 6 (1 answerable)  strong 4/4 (100.0 %)  good 25/26 (96.2 %)
//   seed holdout           questions   75  P@1  91.7 %  abstained 12 (2 answerable)  strong 3/3 (100.0 %)  good 32/33 (97.0 %)
//   seed members           questions   43  P@1  80.0 %  abstained 7 (1 answerable)  strong 0/0 (—)  good 18/20 (90.0 %)
//   four news articles     questions   72  P@1  56.7 %  abstained 16 (9 answerable)  strong 3/3 (100.0 %)  good 19/24 (79.2 %)
//   selqa whole folder     questions 1570  P@1  75.7 %  abstained 374 (32 answerable)  strong 93/97 (95.9 %)  good 347/462 (75.1 %)
//   selqa per article      questions 1570  P@1  83.2 %  abstained 695 (50 answerable)  strong 70/73 (95.9 %)  good 364/410 (88.8 %)
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
    "localExact"
  ],
  "weights": [
    1.0144,
    0.6199,
    1.3137,
    -1.0756,
    -0.5655,
    0.7091,
    0.041,
    1.4017,
    0.5063,
    0.2721,
    -0.9642,
    -0.4217,
    -0.1455,
    -0.0259,
    -0.5989,
    -0.1164,
    -0.011,
    0.7156,
    0.6151,
    1.7642,
    0.6991,
    1.4775,
    1.3675,
    0.9419
  ],
  "bias": 0,
  "calibration": {
    "bias": -4.1242,
    "weights": [
      0.5687,
      0.509,
      0.1194,
      0.1888,
      -0.0917,
      -0.198,
      -0.2278
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
    "abstain": 0.3,
    "follower": 0.15,
    "good": 0.72,
    "strong": 0.97
  }
} as const;
