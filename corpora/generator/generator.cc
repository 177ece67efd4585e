#include "corpora/generator/generator.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

#include "absl/numeric/int128.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

namespace meute::corpora {
namespace {

// xoshiro256** seeded by splitmix64: fast, and the same on every platform.
class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (uint64_t& s : s_) {
      seed += 0x9E3779B97F4A7C15ULL;
      uint64_t z = seed;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
      s = z ^ (z >> 31);
    }
  }
  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, n) by Lemire's multiply-shift (bias below 2^-32 for our n).
  uint64_t Below(uint64_t n) { return absl::Uint128High64(absl::uint128(Next()) * n); }
  int64_t Between(int64_t lo, int64_t hi) {  // Inclusive.
    return lo + static_cast<int64_t>(Below(static_cast<uint64_t>(hi - lo + 1)));
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  for (char c : s) {
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\t':
        out->append("\\t");
        break;
      case '\r':
        out->append("\\r");
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          absl::StrAppendFormat(out, "\\u%04x", static_cast<int>(c));
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

bool EndsSentence(std::string_view w) {
  return !w.empty() && (w.back() == '.' || w.back() == '!' || w.back() == '?');
}

// A word bigram chain over whitespace-separated chunks (punctuation stays
// attached, so sentences keep their shape).
class Chain {
 public:
  void AddText(std::string_view text) {
    uint32_t prev = kNone;
    size_t i = 0;
    while (i < text.size()) {
      while (i < text.size() && IsSpace(text[i])) ++i;
      size_t j = i;
      while (j < text.size() && !IsSpace(text[j])) ++j;
      if (j > i) {
        const uint32_t id = Intern(text.substr(i, j - i));
        if (prev == kNone || EndsSentence(words_[prev])) ++starts_[id];
        if (prev != kNone) ++pairs_[{prev, id}];
        prev = id;
      }
      i = j;
    }
  }

  // Freezes the counts into flat cumulative tables for sampling.
  void Build() {
    offsets_.assign(words_.size() + 1, 0);
    for (const auto& [pair, n] : pairs_) ++offsets_[pair.first + 1];
    for (size_t w = 0; w < words_.size(); ++w) offsets_[w + 1] += offsets_[w];
    next_.resize(pairs_.size());
    cum_.resize(pairs_.size());
    std::vector<uint32_t> fill(offsets_.begin(), offsets_.end() - 1);
    std::vector<uint64_t> running(words_.size(), 0);
    for (const auto& [pair, n] : pairs_) {  // std::map: sorted, deterministic.
      const uint32_t slot = fill[pair.first]++;
      running[pair.first] += n;
      next_[slot] = pair.second;
      cum_[slot] = running[pair.first];
    }
    for (const auto& [id, n] : starts_) {
      start_total_ += n;
      start_ids_.push_back(id);
      start_cum_.push_back(start_total_);
    }
    pairs_.clear();
    starts_.clear();
  }

  bool empty() const { return start_ids_.empty(); }
  size_t size() const { return words_.size(); }

  uint32_t Start(Rng& rng) const {
    const uint64_t r = rng.Below(start_total_);
    return start_ids_[static_cast<size_t>(
        std::upper_bound(start_cum_.begin(), start_cum_.end(), r) - start_cum_.begin())];
  }

  // Next word after `w`, or a new sentence start at a dead end.
  uint32_t Next(uint32_t w, Rng& rng) const {
    const uint32_t b = offsets_[w], e = offsets_[w + 1];
    if (b == e) return Start(rng);
    const uint64_t r = rng.Below(cum_[e - 1]);
    return next_[std::upper_bound(cum_.begin() + b, cum_.begin() + e, r) - cum_.begin()];
  }

  // Appends one sentence of at most `max_words` words.
  void Sentence(int max_words, Rng& rng, std::string* out) const {
    uint32_t w = Start(rng);
    out->append(words_[w]);
    for (int k = 1; k < max_words && !EndsSentence(words_[w]); ++k) {
      w = Next(w, rng);
      out->push_back(' ');
      out->append(words_[w]);
    }
  }

  // Appends at least `n` and at most `n + slack` words, ending a sentence
  // where one ends within the slack. With `topic`, about one word in
  // `topic_every` after the first is a word `topic` draws instead (the chain
  // goes on from the word before it).
  void Generate(int n, int slack, Rng& rng, std::string* out,
                const std::function<const std::string&(Rng&)>* topic = nullptr,
                uint64_t topic_every = 0) const {
    uint32_t w = Start(rng);
    for (int k = 0; k < n || (k < n + slack && !EndsSentence(words_[w])); ++k) {
      if (k > 0) {
        out->push_back(' ');
        if (topic != nullptr && rng.Below(topic_every) == 0) {
          out->append((*topic)(rng));
          continue;
        }
        w = Next(w, rng);
      }
      out->append(words_[w]);
    }
  }

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  static bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

  uint32_t Intern(std::string_view w) {
    auto [it, inserted] = ids_.try_emplace(std::string(w), static_cast<uint32_t>(words_.size()));
    if (inserted) words_.push_back(it->first);
    return it->second;
  }

  std::unordered_map<std::string, uint32_t> ids_;
  std::vector<std::string> words_;
  std::map<std::pair<uint32_t, uint32_t>, uint64_t> pairs_;
  std::map<uint32_t, uint64_t> starts_;
  std::vector<uint32_t> offsets_, next_;
  std::vector<uint64_t> cum_;
  std::vector<uint32_t> start_ids_;
  std::vector<uint64_t> start_cum_;
  uint64_t start_total_ = 0;
};

// A pool of distinct values, in sorted order so the output never depends on
// the order of the input records.
struct Pool {
  void Add(const std::string& v) {
    if (!v.empty()) set.insert(v);
  }
  void Freeze() { values.assign(set.begin(), set.end()); }
  const std::string& Pick(Rng& rng) const { return values[rng.Below(values.size())]; }
  bool empty() const { return values.empty(); }
  std::set<std::string> set;
  std::vector<std::string> values;
};

// A word that may carry a topic: lower-case letters only (UTF-8 ones
// included), at least 7 bytes, so no function word nor number.
bool IsTopicWord(std::string_view w) {
  if (w.size() < 7) return false;
  for (char c : w) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u < 0x80 && !(c >= 'a' && c <= 'z')) return false;
  }
  return true;
}

// Topical structure of a generated corpus (see generator.h).
constexpr int kTopicWords = 24;        // Own words of one generated cluster.
constexpr uint64_t kClusterEvery = 8;  // One word in 8 of a cluster's text is a topic word.
constexpr uint64_t kMemberEvery = 12;
constexpr uint64_t kCallEvery = 16;
constexpr uint64_t kDistractorPercent =
    25;  // Topic words of a call from a cluster it does not need.

}  // namespace

struct Generator::Model {
  Chain text_fr[4];  // Per ingest::Kind.
  Chain text_en;     // English calls, when the corpus has some.
  Chain titles;
  Pool cities, sources, themes, skills, sectors, cluster_ids, funder_programmes, sizes;
  Pool topic_words;  // IsTopicWord() words of the French member and call texts.
};

namespace {

// Which records of a run are clusters, and each cluster's topic words: drawn
// from their own streams, so a record never has to wait for a later one.
struct Plan {
  std::vector<int64_t> cluster_records;  // Record numbers of the clusters.
  std::vector<std::vector<std::string_view>> topics;
};

constexpr uint64_t kKindStream = 0x6B696E6473ULL;     // "kinds"
constexpr uint64_t kTopicStream = 0x746F70696373ULL;  // "topics"

ingest::Kind RollKind(Rng& rng) {
  const uint64_t roll = rng.Below(1000);
  return roll < 10    ? ingest::Kind::kCluster
         : roll < 250 ? ingest::Kind::kMember
         : roll < 350 ? ingest::Kind::kCall
                      : ingest::Kind::kNews;
}

Plan MakePlan(const Pool& topic_words, uint64_t seed, int64_t docs) {
  Plan plan;
  Rng kinds(seed ^ kKindStream);
  for (int64_t n = 0; n < docs; ++n) {
    if (RollKind(kinds) == ingest::Kind::kCluster) plan.cluster_records.push_back(n);
  }
  Rng rng(seed ^ kTopicStream);
  plan.topics.resize(plan.cluster_records.size());
  if (topic_words.empty()) return plan;
  for (std::vector<std::string_view>& t : plan.topics) {
    for (int i = 0; i < kTopicWords; ++i) t.push_back(topic_words.Pick(rng));
  }
  return plan;
}

}  // namespace

Generator::Generator(std::unique_ptr<Model> model) : model_(std::move(model)) {}
Generator::~Generator() = default;

size_t Generator::vocabulary_size() const {
  size_t n = model_->text_en.size();
  for (const Chain& c : model_->text_fr) n += c.size();
  return n;
}

absl::StatusOr<std::unique_ptr<Generator>> Generator::Create(
    const std::vector<ingest::Document>& records) {
  auto m = std::make_unique<Model>();
  // Learn in id order so the model does not depend on file order.
  std::vector<const ingest::Document*> sorted;
  for (const ingest::Document& d : records) sorted.push_back(&d);
  std::sort(sorted.begin(), sorted.end(),
            [](const ingest::Document* a, const ingest::Document* b) { return a->id < b->id; });
  for (const ingest::Document* d : sorted) {
    const int k = static_cast<int>(d->kind);
    if (d->lang == "en") {
      m->text_en.AddText(d->text);
    } else {
      m->text_fr[k].AddText(d->text);
      m->titles.AddText(d->title + ".");
    }
    m->cities.Add(d->city);
    if (d->kind == ingest::Kind::kNews) m->sources.Add(d->source);
    if (d->kind == ingest::Kind::kCluster) m->cluster_ids.Add(d->id);
    if (d->kind == ingest::Kind::kCall) m->funder_programmes.Add(d->funder + "\t" + d->programme);
    if (d->lang != "en" && (d->kind == ingest::Kind::kMember || d->kind == ingest::Kind::kCall)) {
      for (absl::string_view w : absl::StrSplit(d->text, absl::ByAnyChar(" \n\t\r"))) {
        if (IsTopicWord(std::string_view(w.data(), w.size()))) m->topic_words.Add(std::string(w));
      }
    }
    for (const std::string& s : d->themes) m->themes.Add(s);
    for (const std::string& s : d->skills) m->skills.Add(s);
    for (const std::string& s : d->sectors) m->sectors.Add(s);
    m->sizes.Add(d->size);
  }
  for (Chain& c : m->text_fr) c.Build();
  m->text_en.Build();
  m->titles.Build();
  for (Pool* p : {&m->cities, &m->sources, &m->themes, &m->skills, &m->sectors, &m->cluster_ids,
                  &m->funder_programmes, &m->sizes, &m->topic_words}) {
    p->Freeze();
  }
  if (m->text_fr[static_cast<int>(ingest::Kind::kNews)].empty() &&
      m->text_fr[static_cast<int>(ingest::Kind::kMember)].empty()) {
    return absl::InvalidArgumentError("the model corpus has no French news or member text");
  }
  if (m->cluster_ids.empty()) {
    return absl::InvalidArgumentError("the model corpus has no cluster record to link to");
  }
  if (m->titles.empty()) return absl::InvalidArgumentError("the model corpus has no titles");
  return std::unique_ptr<Generator>(new Generator(std::move(m)));
}

absl::StatusOr<uint64_t> Generator::Write(const GeneratorOptions& options, std::ostream& out,
                                          std::ostream* truth) const {
  const Model& m = *model_;
  Rng rng(options.seed);
  const std::optional<int64_t> first_day = ingest::DayNumber(options.first_date);
  const std::optional<int64_t> last_day = ingest::DayNumber(options.last_date);
  if (!first_day || !last_day || *last_day < *first_day) {
    return absl::InvalidArgumentError("the date range must be two YYYY-MM-DD dates, first <= last");
  }
  const int64_t first = *first_day, last = *last_day;
  uint64_t bytes = 0;
  if (truth != nullptr) {
    *truth << "# call_id\tclusters the call was written from (lead first)\twhy (meute gen --seed "
           << options.seed << " --docs " << options.docs << ")\n";
  }
  std::string line;
  line.reserve(1 << 16);
  auto pick_list = [&](const Pool& pool, int lo, int hi) {
    std::vector<std::string> v;
    if (pool.empty()) return v;
    const int n = static_cast<int>(rng.Between(lo, hi));
    for (int i = 0; i < n; ++i) {
      const std::string& s = pool.Pick(rng);
      if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(s);
    }
    return v;
  };
  auto append_list = [&](const char* key, const std::vector<std::string>& v) {
    if (v.empty()) return;
    absl::StrAppend(&line, ",\"", key, "\":[");
    for (size_t i = 0; i < v.size(); ++i) {
      if (i > 0) line.push_back(',');
      AppendJsonString(v[i], &line);
    }
    line.push_back(']');
  };
  auto append_field = [&](const char* key, std::string_view v) {
    absl::StrAppend(&line, ",\"", key, "\":");
    AppendJsonString(v, &line);
  };

  const Plan plan = MakePlan(m.topic_words, options.seed, options.docs);
  const int64_t clusters = static_cast<int64_t>(plan.cluster_records.size());
  const bool topical = clusters >= 2 && !m.topic_words.empty();
  auto cluster_id = [&](int64_t c) {
    return absl::StrCat("gen-cluster-", plan.cluster_records[static_cast<size_t>(c)]);
  };
  // Cluster c's neighbours on the ring of clusters: those its calls need.
  auto neighbours = [&](int64_t c) {
    std::vector<int64_t> v;
    for (int64_t d : {1, -1, 2, -2}) {
      const int64_t x = ((c + d) % clusters + clusters) % clusters;
      if (x != c && std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
    }
    return v;
  };
  std::vector<int64_t> needed;  // The clusters of the record being written, lead first.
  bool distractors = false;
  const std::function<const std::string&(Rng&)> topic = [&](Rng& r) -> const std::string& {
    int64_t c;
    if (distractors && r.Below(100) < kDistractorPercent) {
      c = static_cast<int64_t>(r.Below(static_cast<uint64_t>(clusters)));
    } else {
      // The lead twice as often as each other cluster.
      const uint64_t i = r.Below(needed.size() + 1);
      c = needed[i == 0 ? 0 : i - 1];
    }
    const std::vector<std::string_view>& words = plan.topics[static_cast<size_t>(c)];
    static thread_local std::string word;
    word.assign(words[r.Below(words.size())]);
    return word;
  };
  Rng kinds(options.seed ^ kKindStream);
  int64_t next_cluster = 0;
  std::string truth_line;

  for (int64_t n = 0; n < options.docs; ++n) {
    const ingest::Kind kind = RollKind(kinds);
    needed.clear();
    distractors = false;
    if (topical) {
      switch (kind) {
        case ingest::Kind::kCluster:
          needed.push_back(next_cluster);
          break;
        case ingest::Kind::kMember: {
          needed.push_back(static_cast<int64_t>(rng.Below(static_cast<uint64_t>(clusters))));
          if (rng.Below(100) < 30) {
            const std::vector<int64_t> near = neighbours(needed[0]);
            needed.push_back(near[rng.Below(near.size())]);
          }
          break;
        }
        case ingest::Kind::kCall: {
          needed.push_back(static_cast<int64_t>(rng.Below(static_cast<uint64_t>(clusters))));
          std::vector<int64_t> near = neighbours(needed[0]);
          const int64_t extra = rng.Between(1, std::min<int64_t>(3, near.size()));
          for (int64_t i = 0; i < extra; ++i) {
            const size_t j = rng.Below(near.size());
            needed.push_back(near[j]);
            near.erase(near.begin() + static_cast<std::ptrdiff_t>(j));
          }
          distractors = true;
          break;
        }
        case ingest::Kind::kNews:
          break;
      }
    }
    if (kind == ingest::Kind::kCluster) ++next_cluster;
    const uint64_t topic_every = kind == ingest::Kind::kCluster  ? kClusterEvery
                                 : kind == ingest::Kind::kMember ? kMemberEvery
                                                                 : kCallEvery;
    const bool english = kind == ingest::Kind::kCall && !m.text_en.empty() && rng.Below(100) < 15;
    const Chain* chain = english ? &m.text_en : &m.text_fr[static_cast<int>(kind)];
    if (chain->empty()) chain = &m.text_fr[static_cast<int>(ingest::Kind::kNews)];
    if (chain->empty()) chain = &m.text_fr[static_cast<int>(ingest::Kind::kMember)];

    // Triangular length: short texts are more common than long ones. A
    // sentence may run on by up to `slack` words, never past max_words.
    const int slack = std::min(30, (options.max_words - options.min_words) / 2);
    const int64_t span = options.max_words - slack - options.min_words + 1;
    const int words =
        options.min_words + static_cast<int>(std::min(rng.Below(span), rng.Below(span)));
    const int64_t day = rng.Between(first, last);
    const std::string kind_name(ingest::KindName(kind));

    line.clear();
    line.append("{\"id\":");
    AppendJsonString(absl::StrCat("gen-", kind_name, "-", n), &line);
    append_field("kind", kind_name);
    std::string title;
    m.titles.Sentence(static_cast<int>(rng.Between(6, 14)), rng, &title);
    if (!title.empty() && title.back() == '.') title.pop_back();
    append_field("title", title);
    std::string text;
    text.reserve(static_cast<size_t>(words) * 8);
    chain->Generate(words, slack, rng, &text, needed.empty() ? nullptr : &topic, topic_every);
    append_field("text", text);
    append_field("date", ingest::DateOfDay(day));
    append_field("lang", english ? "en" : "fr");
    switch (kind) {
      case ingest::Kind::kCluster:
        append_field("name", title);
        append_list("sectors", pick_list(m.sectors, 2, 5));
        if (!m.cities.empty()) append_field("city", m.cities.Pick(rng));
        break;
      case ingest::Kind::kMember: {
        append_field("organisation", title);
        if (topical) {
          std::vector<std::string> ids;
          for (int64_t c : needed) ids.push_back(cluster_id(c));
          append_list("clusters", ids);
        } else {
          append_list("clusters", pick_list(m.cluster_ids, 1, 2));
        }
        if (!m.cities.empty()) append_field("city", m.cities.Pick(rng));
        append_list("skills", pick_list(m.skills, 4, 8));
        if (!m.sizes.empty()) append_field("size", m.sizes.Pick(rng));
        break;
      }
      case ingest::Kind::kCall: {
        if (!m.funder_programmes.empty()) {
          const std::string& fp = m.funder_programmes.Pick(rng);
          const size_t tab = fp.find('\t');
          if (tab > 0) append_field("funder", fp.substr(0, tab));
          if (tab + 1 < fp.size()) append_field("programme", fp.substr(tab + 1));
        }
        append_field("opens", ingest::DateOfDay(day));
        append_field("deadline", ingest::DateOfDay(day + rng.Between(30, 240)));
        // Budgets log-spread from 50 k€ to 30 M€, in whole thousands.
        const int64_t low = int64_t{50} << rng.Between(0, 9);
        const int64_t thousands = std::min<int64_t>(low + rng.Between(0, low - 1), 30000);
        absl::StrAppend(&line, ",\"budget_eur\":", thousands * 1000);
        append_list("themes", pick_list(m.themes, 2, 5));
        break;
      }
      case ingest::Kind::kNews:
        break;
    }
    append_field("source", kind == ingest::Kind::kNews && !m.sources.empty()
                               ? std::string_view(m.sources.Pick(rng))
                               : std::string_view("meute-gen"));
    line.append("}\n");
    out.write(line.data(), static_cast<std::streamsize>(line.size()));
    bytes += line.size();
    if (!out) return absl::InternalError("writing generated records failed");
    if (truth != nullptr && kind == ingest::Kind::kCall && !needed.empty()) {
      truth_line = absl::StrCat("gen-call-", n, "\t");
      std::string why = "topic words of";
      for (size_t i = 0; i < needed.size(); ++i) {
        absl::StrAppend(&truth_line, i > 0 ? "," : "", cluster_id(needed[i]));
        absl::StrAppend(&why, i > 0 ? ", " : " ", cluster_id(needed[i]), i == 0 ? " (lead)" : "");
      }
      absl::StrAppend(&truth_line, "\t", why, "\n");
      truth->write(truth_line.data(), static_cast<std::streamsize>(truth_line.size()));
      if (!*truth) return absl::InternalError("writing the ground truth failed");
    }
  }
  return bytes;
}

}  // namespace meute::corpora
