// Crash safety of `meute nightly`: SIGKILL at random moments (fixed seed),
// check after each kill that the index opens and answers searches, then let
// a run finish and check that the index equals a clean build of the same
// input: same documents with the same content, same hits for a set of
// queries.
//
// Each run is killed at a random fraction of the time such a run takes: a
// run after a kill resumes (it checks every record against the index), a run
// after a complete one only reads what changed; both durations are learnt
// from the runs that finish (at first, that of a clean build). A run that
// finishes before its kill time has converged; the corpus then moves to its
// next version (records changed, dropped and added), so that kills also land
// in updates and deletions, not only in a first build.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <xapian.h>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "index/schema.h"
#include "ingest/jsonl_reader.h"
#include "tests/nightly/nightly_test_util.h"

namespace meute::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kMinKills = 12;
constexpr uint32_t kSeed = 20261126;

std::vector<ingest::Document> Generate(const TempDir& dir, int docs, int seed) {
  const std::string out = dir / absl::StrCat("gen-", seed, ".jsonl");
  const ProcessResult r =
      RunProcess({MeuteBinary(), "gen", "--docs", std::to_string(docs), "--seed",
                  std::to_string(seed), "--min-words", "40", "--max-words", "160", "--out", out});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  absl::StatusOr<ingest::ReadResult> read = ingest::ReadJsonLinesFile(out);
  EXPECT_TRUE(read.ok()) << read.status();
  return read.ok() ? read->documents : std::vector<ingest::Document>();
}

void WriteConfig(const std::string& path, const std::string& index) {
  WriteText(path, absl::StrCat("[index]\npath = \"", index,
                               "\"\nbatch_size = 40\n[model]\nenabled = false\n"
                               "[[source]]\nname = \"gen\"\npath = \"corpus.jsonl\"\n"
                               "authoritative = true\n"));
}

// id -> content hash of every record of the database at `db`.
std::map<std::string, std::string> Contents(const std::string& db) {
  std::map<std::string, std::string> out;
  Xapian::Database d(db);
  const std::string prefix(index::kPrefixId);
  for (auto t = d.allterms_begin(prefix); t != d.allterms_end(prefix); ++t) {
    Xapian::PostingIterator p = d.postlist_begin(*t);
    out[(*t).substr(prefix.size())] = d.get_document(*p).get_value(index::kSlotContentHash);
  }
  return out;
}

TEST(NightlyKill, KilledRunsConvergeToACleanBuild) {
  TempDir dir("kill");
  std::mt19937 rng(kSeed);
  std::vector<ingest::Document> corpus = Generate(dir, 1500, 31);
  ASSERT_EQ(corpus.size(), 1500u);
  WriteJsonl(dir / "corpus.jsonl", corpus);
  WriteConfig(dir / "killed.toml", "killed");

  // How long a clean build takes: kill times are fractions of it.
  WriteConfig(dir / "clean0.toml", "clean0");
  const Clock::time_point t0 = Clock::now();
  ProcessResult r = RunProcess({MeuteBinary(), "nightly", "--config", dir / "clean0.toml"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const double build_s = std::chrono::duration<double>(Clock::now() - t0).count();
  std::cerr << "clean build: " << build_s << " s\n";

  int kills = 0;
  int version = 0;
  int finished_runs = 0;
  bool after_kill = false;
  double resume_s = build_s;  // A run after a kill.
  double fresh_s = build_s;   // A run after a complete one.
  std::uniform_real_distribution<double> fraction(0.05, 0.95);
  while (kills < kMinKills) {
    ASSERT_LT(finished_runs, 40) << "runs keep finishing before their kill";
    const double wait_s = fraction(rng) * (after_kill ? resume_s : fresh_s);
    const Clock::time_point started = Clock::now();
    const pid_t pid = Spawn({MeuteBinary(), "nightly", "--config", dir / "killed.toml"},
                            dir / "out.txt", dir / "err.txt");
    ASSERT_GT(pid, 0);
    const Clock::time_point deadline =
        Clock::now() + std::chrono::microseconds(static_cast<int64_t>(wait_s * 1e6));
    int status = 0;
    pid_t done = 0;
    while (Clock::now() < deadline && (done = ::waitpid(pid, &status, WNOHANG)) == 0) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    if (done != pid) {
      ASSERT_EQ(::kill(pid, SIGKILL), 0);
      ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    }
    // A run may also end between the last poll and the kill; it then exits
    // normally and counts as finished.
    if (!WIFSIGNALED(status)) {
      // Finished before its kill: converged. Next version of the corpus.
      ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << ReadText(dir / "err.txt");
      (after_kill ? resume_s : fresh_s) =
          std::chrono::duration<double>(Clock::now() - started).count();
      after_kill = false;
      ++finished_runs;
      ++version;
      std::vector<ingest::Document> next;
      std::uniform_int_distribution<int> pct(0, 99);
      for (ingest::Document& d : corpus) {
        const int p = pct(rng);
        if (p < 4) continue;  // Dropped.
        if (p < 12) d.text += absl::StrCat(" Mise à jour numéro ", version, ".");
        next.push_back(std::move(d));
      }
      for (ingest::Document& d : Generate(dir, 60, 100 + version)) {
        d.id = absl::StrCat("v", version, "-", d.id);
        next.push_back(std::move(d));
      }
      corpus = std::move(next);
      WriteJsonl(dir / "corpus.jsonl", corpus);
      continue;
    }
    ASSERT_EQ(WTERMSIG(status), SIGKILL) << ReadText(dir / "err.txt");
    ++kills;
    after_kill = true;
    // Whatever the moment, the last committed state opens and answers.
    if (!fs::exists(dir / "killed")) {
      ASSERT_EQ(kills, 1) << "the index vanished";
      continue;
    }
    absl::StatusOr<uint64_t> count = DocCount(dir / "killed");
    ASSERT_TRUE(count.ok()) << "kill " << kills << " at " << wait_s << " s: " << count.status();
    for (const char* q : {"hydrogène", "type:news"}) {
      absl::StatusOr<std::vector<HitInfo>> hits = Search(dir / "killed", q);
      ASSERT_TRUE(hits.ok()) << "kill " << kills << ", query " << q << ": " << hits.status();
    }
    std::cerr << "kill " << kills << " after " << wait_s << " s (corpus v" << version
              << "): " << *count << " documents, revision "
              << Xapian::Database(dir / "killed").get_revision() << "\n";
  }

  r = RunProcess({MeuteBinary(), "nightly", "--config", dir / "killed.toml"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  WriteConfig(dir / "clean.toml", "clean");
  r = RunProcess({MeuteBinary(), "nightly", "--config", dir / "clean.toml"});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  EXPECT_EQ(*DocCount(dir / "killed"), corpus.size());
  EXPECT_EQ(*DocCount(dir / "clean"), corpus.size());
  EXPECT_TRUE(Contents(dir / "killed") == Contents(dir / "clean"))
      << "the records or their content differ";
  for (const std::string& q : SampleQueries()) {
    absl::StatusOr<std::vector<HitInfo>> a = Search(dir / "clean", q);
    absl::StatusOr<std::vector<HitInfo>> b = Search(dir / "killed", q);
    ASSERT_TRUE(a.ok() && b.ok()) << q;
    EXPECT_EQ(CompareHits(*a, *b), "") << q;
  }
  std::cerr << kills << " kills, " << finished_runs << " runs finished before their kill, corpus v"
            << version << "\n";
}

}  // namespace
}  // namespace meute::testing
