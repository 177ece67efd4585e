#include "recommend/function_words.h"

#include <algorithm>
#include <string>

#include "absl/strings/ascii.h"

namespace meute::recommend {
namespace {

// Lower case, accent-free, sorted (checked by a test).
constexpr absl::string_view kFunctionWords[] = {
    "a",          "about",      "above",      "across",    "afin",
    "after",      "afterwards", "again",      "against",   "ai",
    "aie",        "aient",      "aies",       "ailleurs",  "ainsi",
    "ait",        "all",        "almost",     "alone",     "along",
    "alors",      "already",    "also",       "although",  "always",
    "am",         "among",      "amongst",    "amoungst",  "amount",
    "an",         "and",        "another",    "any",       "anyhow",
    "anyone",     "anything",   "anyway",     "anywhere",  "apres",
    "are",        "around",     "as",         "assez",     "at",
    "au",         "aucun",      "aucune",     "aupres",    "auquel",
    "aura",       "aurai",      "auraient",   "aurais",    "aurait",
    "auras",      "aurez",      "auriez",     "aurions",   "aurons",
    "auront",     "aussi",      "autant",     "autour",    "autre",
    "autres",     "aux",        "auxquelles", "auxquels",  "avaient",
    "avais",      "avait",      "avant",      "avec",      "avez",
    "aviez",      "avions",     "avoir",      "avons",     "ayant",
    "ayez",       "ayons",      "back",       "be",        "beaucoup",
    "became",     "because",    "become",     "becomes",   "becoming",
    "been",       "before",     "beforehand", "behind",    "being",
    "below",      "beside",     "besides",    "between",   "beyond",
    "bien",       "bill",       "both",       "bottom",    "but",
    "by",         "c",          "ca",         "call",      "can",
    "cannot",     "cant",       "car",        "ce",        "ceci",
    "cela",       "celle",      "celles",     "celui",     "cent",
    "ces",        "cet",        "cette",      "ceux",      "chacun",
    "chacune",    "chaque",     "chez",       "ci",        "cinq",
    "co",         "comme",      "comment",    "con",       "contre",
    "could",      "couldnt",    "cry",        "d",         "dans",
    "de",         "deja",       "depuis",     "derriere",  "des",
    "describe",   "dessous",    "dessus",     "detail",    "deux",
    "devant",     "dix",        "do",         "donc",      "done",
    "dont",       "down",       "du",         "due",       "duquel",
    "durant",     "during",     "each",       "eg",        "eight",
    "either",     "eleven",     "elle",       "elles",     "else",
    "elsewhere",  "empty",      "en",         "encore",    "enough",
    "entre",      "environ",    "es",         "est",       "et",
    "etaient",    "etais",      "etait",      "etant",     "etc",
    "ete",        "etee",       "etees",      "etes",      "etiez",
    "etions",     "etre",       "eu",         "eue",       "eues",
    "eumes",      "eurent",     "eus",        "eusse",     "eussent",
    "eusses",     "eussiez",    "eussions",   "eut",       "eutes",
    "eux",        "even",       "ever",       "every",     "everyone",
    "everything", "everywhere", "except",     "faire",     "fait",
    "faites",     "few",        "fifteen",    "fifty",     "fill",
    "find",       "fire",       "first",      "five",      "fois",
    "for",        "former",     "formerly",   "forty",     "found",
    "four",       "from",       "front",      "full",      "fumes",
    "furent",     "further",    "fus",        "fusse",     "fussent",
    "fusses",     "fussiez",    "fussions",   "fut",       "futes",
    "get",        "give",       "go",         "had",       "has",
    "hasnt",      "have",       "he",         "hence",     "her",
    "here",       "hereafter",  "hereby",     "herein",    "hereupon",
    "hers",       "herself",    "him",        "himself",   "his",
    "hors",       "how",        "however",    "huit",      "hundred",
    "i",          "ici",        "ie",         "if",        "il",
    "ils",        "in",         "inc",        "indeed",    "interest",
    "into",       "is",         "it",         "its",       "itself",
    "j",          "je",         "jusqu",      "jusque",    "keep",
    "l",          "la",         "laquelle",   "last",      "latter",
    "latterly",   "le",         "least",      "lequel",    "les",
    "lesquelles", "lesquels",   "less",       "leur",      "leurs",
    "lors",       "lorsque",    "ltd",        "lui",       "m",
    "ma",         "made",       "mais",       "malgre",    "many",
    "may",        "me",         "meanwhile",  "meme",      "memes",
    "mes",        "might",      "mill",       "mille",     "mine",
    "moi",        "moins",      "mon",        "more",      "moreover",
    "most",       "mostly",     "move",       "much",      "must",
    "my",         "myself",     "n",          "name",      "namely",
    "ne",         "neither",    "neuf",       "never",     "nevertheless",
    "next",       "ni",         "nine",       "no",        "nobody",
    "non",        "none",       "noone",      "nor",       "nos",
    "not",        "nothing",    "notre",      "nous",      "now",
    "nowhere",    "of",         "off",        "often",     "on",
    "once",       "one",        "only",       "ont",       "onto",
    "or",         "other",      "others",     "otherwise", "ou",
    "oui",        "our",        "ours",       "ourselves", "out",
    "over",       "own",        "par",        "parce",     "parmi",
    "part",       "pas",        "pendant",    "per",       "perhaps",
    "peu",        "peut",       "peuvent",    "please",    "plupart",
    "plus",       "plusieurs",  "pour",       "pourquoi",  "pourtant",
    "pres",       "puis",       "puisque",    "put",       "qu",
    "quand",      "quant",      "quatre",     "que",       "quel",
    "quelle",     "quelles",    "quels",      "qui",       "quoi",
    "rather",     "re",         "s",          "sa",        "same",
    "sans",       "sauf",       "se",         "see",       "seem",
    "seemed",     "seeming",    "seems",      "selon",     "sept",
    "sera",       "serai",      "seraient",   "serais",    "serait",
    "seras",      "serez",      "seriez",     "serions",   "serious",
    "serons",     "seront",     "ses",        "several",   "she",
    "should",     "show",       "si",         "side",      "since",
    "sincere",    "sinon",      "six",        "sixty",     "so",
    "soi",        "soient",     "sois",       "soit",      "some",
    "somehow",    "someone",    "something",  "sometime",  "sometimes",
    "somewhere",  "sommes",     "son",        "sont",      "sous",
    "souvent",    "soyez",      "soyons",     "still",     "such",
    "suis",       "sur",        "surtout",    "system",    "t",
    "ta",         "take",       "tandis",     "tant",      "te",
    "tel",        "telle",      "telles",     "tels",      "ten",
    "tes",        "than",       "that",       "the",       "their",
    "them",       "themselves", "then",       "thence",    "there",
    "thereafter", "thereby",    "therefore",  "therein",   "thereupon",
    "these",      "they",       "thick",      "thin",      "third",
    "this",       "those",      "though",     "three",     "through",
    "throughout", "thru",       "thus",       "to",        "together",
    "toi",        "ton",        "too",        "top",       "tous",
    "tout",       "toute",      "toutes",     "toward",    "towards",
    "tres",       "trois",      "trop",       "tu",        "twelve",
    "twenty",     "two",        "un",         "under",     "une",
    "until",      "up",         "upon",       "us",        "vers",
    "very",       "via",        "voici",      "voila",     "vos",
    "votre",      "vous",       "was",        "we",        "well",
    "were",       "what",       "whatever",   "when",      "whence",
    "whenever",   "where",      "whereafter", "whereas",   "whereby",
    "wherein",    "whereupon",  "wherever",   "whether",   "which",
    "while",      "whither",    "who",        "whoever",   "whole",
    "whom",       "whose",      "why",        "will",      "with",
    "within",     "without",    "would",      "y",         "yet",
    "you",        "your",       "yours",      "yourself",  "yourselves",
};

}  // namespace

std::string FoldAccents(absl::string_view word) {
  std::string out;
  out.reserve(word.size());
  for (size_t i = 0; i < word.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(word[i]);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
      continue;
    }
    if (c == 0xC3 && i + 1 < word.size()) {
      // U+00C0..U+00FF: fold the letters French uses.
      const unsigned char d = static_cast<unsigned char>(word[i + 1]) | 0x20;  // Lower case.
      char folded = 0;
      if (d >= 0xA0 && d <= 0xA5) folded = 'a';
      if (d == 0xA7) folded = 'c';
      if (d >= 0xA8 && d <= 0xAB) folded = 'e';
      if (d >= 0xAC && d <= 0xAF) folded = 'i';
      if (d >= 0xB2 && d <= 0xB6) folded = 'o';
      if (d >= 0xB9 && d <= 0xBC) folded = 'u';
      if (folded != 0) {
        out.push_back(folded);
        ++i;
        continue;
      }
    }
    out.push_back(static_cast<char>(c));
  }
  return out;
}

bool IsFunctionWord(absl::string_view word) {
  const std::string folded = FoldAccents(word);
  return std::binary_search(std::begin(kFunctionWords), std::end(kFunctionWords),
                            absl::string_view(folded));
}

bool IsContentWord(absl::string_view word) {
  // Any byte of a multi-byte UTF-8 sequence counts as a letter ("é", "ü").
  const bool has_letter = std::any_of(word.begin(), word.end(), [](char c) {
    return absl::ascii_isalpha(static_cast<unsigned char>(c)) ||
           static_cast<unsigned char>(c) >= 0x80;
  });
  return has_letter && !IsFunctionWord(word);
}

namespace internal {
bool FunctionWordsAreSorted() {
  return std::is_sorted(std::begin(kFunctionWords), std::end(kFunctionWords)) &&
         std::adjacent_find(std::begin(kFunctionWords), std::end(kFunctionWords)) ==
             std::end(kFunctionWords);
}
}  // namespace internal

}  // namespace meute::recommend
