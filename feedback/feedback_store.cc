#include "feedback/feedback_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "base/file_util.h"

namespace meute::feedback {
namespace {

absl::StatusOr<absl::CivilDay> Day(absl::string_view date) {
  absl::CivilDay day;
  if (!absl::ParseCivilTime(date, &day)) {
    return absl::InvalidArgumentError(absl::StrCat("date \"", date, "\" is not YYYY-MM-DD"));
  }
  return day;
}

nlohmann::ordered_json ToJson(const Answer& a) {
  nlohmann::ordered_json j;
  j["seq"] = a.seq;
  j["op"] = std::string(VerdictName(a.verdict));
  j["id"] = a.id.ToString();
  j["date"] = a.date;
  j["author"] = a.author;
  j["reason"] = a.reason;
  j["source"] = a.source;
  return j;
}

// Parses the file into answers (undone_by set) and returns the last seq.
absl::Status Parse(absl::string_view path, absl::string_view text, std::vector<Answer>& out,
                   int64_t& last_seq) {
  std::map<int64_t, size_t> by_seq;
  int line_no = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_no;
    if (line.empty()) continue;
    auto bad = [&](absl::string_view why) {
      return absl::DataLossError(absl::StrCat(path, ":", line_no, ": ", why));
    };
    const nlohmann::json j = nlohmann::json::parse(line.begin(), line.end(), nullptr, false);
    if (!j.is_object() || !j.contains("seq") || !j["seq"].is_number_integer() ||
        !j.contains("op") || !j["op"].is_string()) {
      return bad("not an answer (a JSON object with seq and op)");
    }
    const int64_t seq = j["seq"].get<int64_t>();
    if (seq <= last_seq) return bad("seq does not increase");
    last_seq = seq;
    const std::string op = j["op"].get<std::string>();
    if (op == "undo") {
      const auto undoes = j.value("undoes", int64_t{0});
      auto it = by_seq.find(undoes);
      if (it == by_seq.end()) return bad(absl::StrCat("undo of unknown answer ", undoes));
      out[it->second].undone_by = seq;
      continue;
    }
    Answer a;
    a.seq = seq;
    absl::StatusOr<Verdict> verdict = ParseVerdict(op);
    if (!verdict.ok()) return bad(verdict.status().message());
    a.verdict = *verdict;
    absl::StatusOr<SuggestionId> id = ParseSuggestionId(j.value("id", ""));
    if (!id.ok()) return bad(id.status().message());
    a.id = *std::move(id);
    a.date = j.value("date", "");
    if (!Day(a.date).ok()) return bad(absl::StrCat("bad date \"", a.date, "\""));
    a.author = j.value("author", "");
    a.reason = j.value("reason", "");
    a.source = j.value("source", "");
    by_seq[seq] = out.size();
    out.push_back(std::move(a));
  }
  return absl::OkStatus();
}

// Holds an exclusive flock() on `path` while alive.
class FileLock {
 public:
  static absl::StatusOr<FileLock> Take(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd < 0) {
      return absl::UnavailableError(
          absl::StrCat("opening lock ", path, ": ", std::strerror(errno)));
    }
    while (::flock(fd, LOCK_EX) != 0) {
      if (errno == EINTR) continue;
      const int err = errno;
      ::close(fd);
      return absl::UnavailableError(absl::StrCat("locking ", path, ": ", std::strerror(err)));
    }
    return FileLock(fd);
  }
  FileLock(FileLock&& o) noexcept : fd_(std::exchange(o.fd_, -1)) {}
  FileLock& operator=(FileLock&&) = delete;
  ~FileLock() {
    if (fd_ >= 0) ::close(fd_);  // Closing releases the lock.
  }

 private:
  explicit FileLock(int fd) : fd_(fd) {}
  int fd_;
};

std::string LockPath(const std::string& path) {
  const std::string suffix = ".jsonl";
  if (path.size() > suffix.size() &&
      path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0) {
    return path.substr(0, path.size() - suffix.size()) + ".lock";
  }
  return path + ".lock";
}

absl::StatusOr<std::string> ReadOrEmpty(const std::string& path) {
  absl::StatusOr<std::string> text = ReadFileToString(path);
  if (absl::IsNotFound(text.status())) return std::string();
  return text;
}

}  // namespace

absl::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kAccept:
      return "accept";
    case Verdict::kReject:
      return "reject";
    case Verdict::kKnown:
      return "known";
  }
  return "reject";
}

absl::StatusOr<Verdict> ParseVerdict(absl::string_view word) {
  for (Verdict v : {Verdict::kAccept, Verdict::kReject, Verdict::kKnown}) {
    if (word == VerdictName(v)) return v;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown answer \"", word, "\" (accept, reject or known)"));
}

std::string FeedbackPath(absl::string_view db_dir) {
  return absl::StrCat(db_dir, "/meute.feedback.jsonl");
}

FeedbackStore::FeedbackStore(std::string path) : path_(std::move(path)) {}

absl::StatusOr<std::vector<Answer>> FeedbackStore::Load() const {
  absl::StatusOr<std::string> text = ReadOrEmpty(path_);
  if (!text.ok()) return text.status();
  std::vector<Answer> out;
  int64_t last = 0;
  if (absl::Status s = Parse(path_, *text, out, last); !s.ok()) return s;
  return out;
}

absl::StatusOr<AddResult> FeedbackStore::Add(const std::vector<Answer>& answers) {
  for (const Answer& a : answers) {
    if (absl::StatusOr<absl::CivilDay> d = Day(a.date); !d.ok()) return d.status();
  }
  absl::StatusOr<FileLock> lock = FileLock::Take(LockPath(path_));
  if (!lock.ok()) return lock.status();
  absl::StatusOr<std::string> text = ReadOrEmpty(path_);
  if (!text.ok()) return text.status();
  std::vector<Answer> current;
  int64_t seq = 0;
  if (absl::Status s = Parse(path_, *text, current, seq); !s.ok()) return s;
  AddResult result;
  std::string content = *std::move(text);
  if (!content.empty() && content.back() != '\n') content += '\n';
  for (const Answer& a : answers) {
    bool duplicate = false;
    for (const Answer& c : current) {
      duplicate = duplicate || (c.undone_by == 0 && c.id == a.id && c.verdict == a.verdict &&
                                c.date == a.date && c.author == a.author && c.reason == a.reason);
    }
    if (duplicate) {
      ++result.duplicates;
      continue;
    }
    Answer stored = a;
    stored.seq = ++seq;
    stored.undone_by = 0;
    absl::StrAppend(&content, ToJson(stored).dump(), "\n");
    current.push_back(std::move(stored));
    ++result.added;
  }
  if (result.added > 0) {
    if (absl::Status s = WriteFileAtomically(path_, content); !s.ok()) return s;
  }
  return result;
}

absl::StatusOr<Answer> FeedbackStore::Undo(const SuggestionId& id, absl::string_view date,
                                           absl::string_view author) {
  if (absl::StatusOr<absl::CivilDay> d = Day(date); !d.ok()) return d.status();
  absl::StatusOr<FileLock> lock = FileLock::Take(LockPath(path_));
  if (!lock.ok()) return lock.status();
  absl::StatusOr<std::string> text = ReadOrEmpty(path_);
  if (!text.ok()) return text.status();
  std::vector<Answer> current;
  int64_t seq = 0;
  if (absl::Status s = Parse(path_, *text, current, seq); !s.ok()) return s;
  const Answer* target = nullptr;
  for (const Answer& c : current) {  // The one ActiveAnswers() puts in force.
    if (c.undone_by == 0 && c.id == id && (target == nullptr || target->date <= c.date)) {
      target = &c;
    }
  }
  if (target == nullptr) {
    return absl::NotFoundError(absl::StrCat("no answer in force for ", id.ToString()));
  }
  nlohmann::ordered_json j;
  j["seq"] = seq + 1;
  j["op"] = "undo";
  j["undoes"] = target->seq;
  j["date"] = std::string(date);
  j["author"] = std::string(author);
  std::string content = *std::move(text);
  if (!content.empty() && content.back() != '\n') content += '\n';
  absl::StrAppend(&content, j.dump(), "\n");
  if (absl::Status s = WriteFileAtomically(path_, content); !s.ok()) return s;
  Answer undone = *target;
  undone.undone_by = seq + 1;
  return undone;
}

std::vector<Answer> ActiveAnswers(const std::vector<Answer>& answers, absl::string_view as_of) {
  std::map<std::string, const Answer*> latest;
  for (const Answer& a : answers) {
    if (a.undone_by != 0 || a.date > as_of) continue;  // YYYY-MM-DD compares as text.
    const Answer*& slot = latest[a.id.ToString()];
    if (slot == nullptr || slot->date < a.date || (slot->date == a.date && slot->seq < a.seq)) {
      slot = &a;
    }
  }
  std::vector<Answer> out;
  for (const auto& [key, a] : latest) out.push_back(*a);
  std::sort(out.begin(), out.end(), [](const Answer& x, const Answer& y) { return x.seq < y.seq; });
  return out;
}

bool Hides(const Answer& answer, absl::string_view as_of, int expiry_days) {
  if (answer.verdict == Verdict::kAccept) return false;
  const absl::StatusOr<absl::CivilDay> from = Day(answer.date);
  const absl::StatusOr<absl::CivilDay> day = Day(as_of);
  if (!from.ok() || !day.ok()) return false;
  return *day >= *from && *day - *from < expiry_days;
}

bool Expired(const Answer& answer, absl::string_view as_of, int expiry_days) {
  if (answer.verdict == Verdict::kAccept) return false;
  const absl::StatusOr<absl::CivilDay> from = Day(answer.date);
  const absl::StatusOr<absl::CivilDay> day = Day(as_of);
  if (!from.ok() || !day.ok()) return false;
  return *day >= *from && *day - *from >= expiry_days;
}

std::string FormatAnswers(const std::vector<Answer>& answers) {
  std::string out;
  for (const Answer& a : answers) {
    absl::StrAppend(&out, a.seq, "\t", a.date, "\t", VerdictName(a.verdict), "\t", a.id.ToString(),
                    "\t", a.author.empty() ? "-" : a.author, "\t",
                    a.undone_by != 0 ? absl::StrCat("undone by ", a.undone_by) : "in force", "\t",
                    a.reason, "\n");
  }
  return out;
}

}  // namespace meute::feedback
