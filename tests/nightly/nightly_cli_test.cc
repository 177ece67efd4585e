// End-to-end tests of `meute nightly`: the built binary on generated corpora,
// checked through its exit codes, its output, its JSON report and searches of
// the index it wrote.

#include <fcntl.h>
#include <pty.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <xapian.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "index/schema.h"
#include "index/searcher.h"
#include "index/shards.h"
#include "ingest/jsonl_reader.h"
#include "tests/nightly/nightly_test_util.h"

namespace meute::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

class NightlyCliTest : public ::testing::Test {
 protected:
  NightlyCliTest()
      : dir_(::testing::UnitTest::GetInstance()->current_test_info()->name()),
        db_(dir_ / "idx"),
        config_(dir_ / "meute.toml"),
        report_(dir_ / "report.json") {}

  // Generated records, the same for every test (deterministic generator).
  std::vector<ingest::Document> Generate(int docs, int seed) {
    const std::string out = dir_ / absl::StrCat("gen-", seed, ".jsonl");
    const ProcessResult r =
        RunProcess({MeuteBinary(), "gen", "--docs", std::to_string(docs), "--seed",
                    std::to_string(seed), "--min-words", "30", "--max-words", "90", "--out", out});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    absl::StatusOr<ingest::ReadResult> read = ingest::ReadJsonLinesFile(out);
    EXPECT_TRUE(read.ok()) << read.status();
    return read.ok() ? read->documents : std::vector<ingest::Document>();
  }

  // One source per (name, file, authoritative), in order.
  struct Source {
    std::string name;
    std::string location;  // path = "...", glob = "..." or url = "..."
    bool authoritative = true;
  };
  void WriteConfig(const std::vector<Source>& sources, const std::string& index_extra = "") {
    std::string text = absl::StrCat("[index]\npath = \"idx\"\nbatch_size = 50\n", index_extra,
                                    "\n[model]\nenabled = false\n");
    for (const Source& s : sources) {
      absl::StrAppend(&text, "\n[[source]]\nname = \"", s.name, "\"\n", s.location,
                      "\nauthoritative = ", s.authoritative ? "true" : "false", "\n");
    }
    WriteText(config_, text);
  }

  ProcessResult Nightly(const std::vector<std::string>& extra = {}) {
    std::vector<std::string> argv = {MeuteBinary(), "nightly",  "--config",
                                     config_,       "--report", report_};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return RunProcess(argv);
  }

  nlohmann::json Report() { return ReadReport(report_); }

  TempDir dir_;
  std::string db_;
  std::string config_;
  std::string report_;
};

TEST_F(NightlyCliTest, IncrementalRunsTouchOnlyWhatChanged) {
  std::vector<ingest::Document> docs = Generate(200, 3);
  ASSERT_EQ(docs.size(), 200u);
  WriteJsonl(dir_ / "a.jsonl", docs);
  WriteConfig({{"a", "path = \"a.jsonl\""}});

  ProcessResult r = Nightly();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json rep = Report();
  EXPECT_EQ(rep["counts"]["added"], 200);
  EXPECT_EQ(rep["documents"], 200);
  const std::string fingerprint = *index::DatabaseFingerprint(db_);

  // Nothing changed: nothing analysed, nothing written, no commit at all.
  r = Nightly();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  rep = Report();
  EXPECT_EQ(rep["counts"]["unchanged"], 200);
  EXPECT_EQ(rep["counts"]["analysed"], 0);
  EXPECT_EQ(rep["counts"]["added"], 0);
  EXPECT_EQ(rep["sources"][0]["skipped_unchanged"], 200);
  EXPECT_EQ(*index::DatabaseFingerprint(db_), fingerprint) << "an unchanged run committed";

  // Three changed, two dropped, one new.
  docs[5].text += " Bornes de recharge à hydrogène inaugurées à Rodez.";
  docs[17].title = "Titre entièrement nouveau";
  docs[42].themes = {"mobilité"};
  const std::string dropped1 = docs[100].id, dropped2 = docs[150].id;
  docs.erase(docs.begin() + 150);
  docs.erase(docs.begin() + 100);
  docs.push_back(News("nouveau-1", "Zéphyrin le robot agricole", "Un robot désherbe les vignes."));
  WriteJsonl(dir_ / "a.jsonl", docs);
  r = Nightly();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  rep = Report();
  EXPECT_EQ(rep["counts"]["updated"], 3);
  EXPECT_EQ(rep["counts"]["added"], 1);
  EXPECT_EQ(rep["counts"]["deleted"], 2);
  EXPECT_EQ(rep["counts"]["analysed"], 4) << "only the changed records are analysed";
  EXPECT_EQ(rep["documents"], 199);

  absl::StatusOr<std::vector<HitInfo>> hits = Search(db_, "zephyrin");
  ASSERT_TRUE(hits.ok()) << hits.status();
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].id, "nouveau-1");
  hits = Search(db_, "titre:entierement");
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].id, docs[17].id);
  hits = Search(db_, "id:" + dropped1);
  ASSERT_TRUE(hits.ok());
  EXPECT_TRUE(hits->empty()) << dropped1 << " should be deleted";
  hits = Search(db_, "id:" + dropped2);
  ASSERT_TRUE(hits.ok());
  EXPECT_TRUE(hits->empty());
}

// `meute index` and `meute nightly` write through one path with one record
// hash: an unchanged re-run of either writes nothing and says "0 indexed, N
// unchanged"; a change, an addition and a removal are counted exactly, and
// the record gone from its file is deleted by both.
TEST_F(NightlyCliTest, IndexAndNightlyCountExactlyWhatChanged) {
  std::vector<ingest::Document> docs = Generate(60, 21);
  ASSERT_EQ(docs.size(), 60u);
  const std::string file = dir_ / "a.jsonl";
  const std::string index_db = dir_ / "by-index";
  WriteJsonl(file, docs);
  WriteConfig({{"a", "path = \"a.jsonl\""}});
  auto index = [&] { return RunProcess({MeuteBinary(), "index", "--db", index_db, file}); };

  ProcessResult r = index();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("a.jsonl: 60 read, 60 indexed, 0 unchanged, 0 deleted, 0 rejected"));
  r = Nightly();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("60 records read, 60 indexed, 0 unchanged, 0 deleted, 0 rejected"));

  const std::string index_fingerprint = *index::DatabaseFingerprint(index_db);
  r = index();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("a.jsonl: 60 read, 0 indexed, 60 unchanged, 0 deleted, 0 rejected"));
  EXPECT_THAT(r.err, HasSubstr("60 records in the index; this run: 60 read, 0 indexed, 60 "
                               "unchanged, 0 deleted, 0 rejected"));
  EXPECT_EQ(*index::DatabaseFingerprint(index_db), index_fingerprint) << "an unchanged run wrote";
  r = Nightly();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("60 records read, 0 indexed, 60 unchanged, 0 deleted, 0 rejected"));
  EXPECT_EQ(Report()["counts"]["analysed"], 0);

  // One changed, one removed, one added.
  docs[7].text += " Le carillonneur Zorglub joue désormais à Figeac.";
  const std::string removed = docs[30].id;
  docs.erase(docs.begin() + 30);
  docs.push_back(News("nouveau-1", "Zéphyrin le robot agricole", "Un robot désherbe les vignes."));
  WriteJsonl(file, docs);
  r = index();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("a.jsonl: 60 read, 2 indexed, 58 unchanged, 1 deleted, 0 rejected"));
  EXPECT_THAT(r.err, HasSubstr("60 records in the index; this run: 60 read, 2 indexed, 58 "
                               "unchanged, 1 deleted, 0 rejected"));
  r = Nightly();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("60 records read, 2 indexed, 58 unchanged, 1 deleted, 0 rejected "
                               "(1 added, 1 updated)"));
  EXPECT_EQ(Report()["counts"]["analysed"], 2);
  EXPECT_EQ(Report()["documents"], 60);

  for (const std::string& db : {index_db, db_}) {
    absl::StatusOr<std::vector<HitInfo>> hits = Search(db, "zorglub");
    ASSERT_TRUE(hits.ok()) << hits.status();
    ASSERT_EQ(hits->size(), 1u) << db;
    EXPECT_EQ((*hits)[0].id, docs[7].id);
    hits = Search(db, "zephyrin");
    ASSERT_TRUE(hits.ok());
    EXPECT_EQ(hits->size(), 1u) << db;
  }
  for (const std::string& db : {index_db, db_}) {
    absl::StatusOr<std::vector<HitInfo>> hits = Search(db, "id:" + removed);
    ASSERT_TRUE(hits.ok());
    EXPECT_TRUE(hits->empty()) << db << ": the file dropped " << removed;
    EXPECT_EQ(*DocCount(db), 60u) << db;
  }
  // Unchanged again: nothing more is deleted, nothing is written.
  const std::string after_fingerprint = *index::DatabaseFingerprint(index_db);
  r = index();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("a.jsonl: 60 read, 0 indexed, 60 unchanged, 0 deleted, 0 rejected"));
  EXPECT_EQ(*index::DatabaseFingerprint(index_db), after_fingerprint);
  r = Nightly();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("60 records read, 0 indexed, 60 unchanged, 0 deleted, 0 rejected"));
}

// Everything a database holds, in a stable order: per document its id, data,
// values, terms with wdf and positions; the spelling dictionary; the user
// metadata but the source lists that only `meute index` keeps
// (kMetaSourcePrefix). Empty if it cannot be read.
std::string DumpDatabase(const std::string& db_dir) {
  std::string out;
  try {
    Xapian::Database db(db_dir);
    for (Xapian::PostingIterator p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
      const Xapian::Document doc = db.get_document(*p);
      absl::StrAppend(&out, "#", *p, " ", doc.get_data(), "\n");
      for (Xapian::ValueIterator v = doc.values_begin(); v != doc.values_end(); ++v) {
        absl::StrAppend(&out, " v", v.get_valueno(), "=", *v);
      }
      for (Xapian::TermIterator t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        absl::StrAppend(&out, " ", *t, ":", t.get_wdf());
        for (auto pos = t.positionlist_begin(); pos != t.positionlist_end(); ++pos) {
          absl::StrAppend(&out, ",", *pos);
        }
      }
      out += "\n";
    }
    for (Xapian::TermIterator w = db.spellings_begin(); w != db.spellings_end(); ++w) {
      absl::StrAppend(&out, "spelling ", *w, " ", w.get_termfreq(), "\n");
    }
    for (Xapian::TermIterator m = db.metadata_keys_begin(); m != db.metadata_keys_end(); ++m) {
      if (absl::StartsWith(*m, index::kMetaSourcePrefix)) continue;
      absl::StrAppend(&out, "metadata ", *m, "=", db.get_metadata(*m), "\n");
    }
  } catch (const Xapian::Error& e) {
    ADD_FAILURE() << db_dir << ": " << e.get_description();
    return "";
  }
  return out;
}

// Issue 16 item 2: one pipeline. On the same input, `meute nightly` and
// `meute index` write the same database, near-duplicate links included, on
// a first run and after a change that moves a link.
TEST_F(NightlyCliTest, IndexAndNightlyWriteTheSameDatabase) {
  std::vector<ingest::Document> docs = Generate(80, 23);
  ASSERT_EQ(docs.size(), 80u);
  // Verbatim copies under new ids: linked to the record they copy.
  for (int k : {3, 11, 40}) {
    ingest::Document copy = docs[static_cast<size_t>(k)];
    copy.id = absl::StrCat("copie-", k);
    docs.push_back(copy);
  }
  const std::string file = dir_ / "a.jsonl";
  const std::string index_db = dir_ / "by-index";
  WriteJsonl(file, docs);
  WriteConfig({{"a", "path = \"a.jsonl\""}});
  auto index = [&] {
    return RunProcess({MeuteBinary(), "index", "--batch-size", "50", "--db", index_db, file});
  };
  auto same = [&] {
    const std::string by_index = DumpDatabase(index_db);
    const std::string by_nightly = DumpDatabase(db_);
    EXPECT_FALSE(by_index.empty());
    EXPECT_TRUE(by_index == by_nightly) << "the two databases differ";
    return by_index;
  };
  ProcessResult r = index();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  r = Nightly();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string first = same();
  // The copies were linked (the test would pass vacuously otherwise).
  EXPECT_THAT(first, HasSubstr(absl::StrCat(" ", index::kTermDuplicate, ":0")));
  for (int k : {3, 11, 40}) {
    absl::StatusOr<std::vector<HitInfo>> hits = Search(db_, absl::StrCat("id:copie-", k));
    ASSERT_TRUE(hits.ok()) << hits.status();
    ASSERT_EQ(hits->size(), 1u);
  }
  EXPECT_THAT(first, HasSubstr(absl::StrCat("\"duplicate_of\":\"", docs[3].id, "\"")));

  // Unchanged: nothing written by either.
  r = index();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("83 read, 0 indexed, 83 unchanged"));
  r = Nightly();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("83 records read, 0 indexed, 83 unchanged"));
  EXPECT_EQ(Report()["counts"]["analysed"], 0);

  // The original of copie-11 changes beyond recognition: the copy is no
  // longer linked (rewritten, unchanged itself), and one record is added.
  docs[11].text = "Le carillonneur Zorglub joue désormais à Figeac tous les dimanches.";
  docs.push_back(News("nouveau-1", "Zéphyrin le robot agricole", "Un robot désherbe les vignes."));
  WriteJsonl(file, docs);
  r = index();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("84 read, 3 indexed, 81 unchanged"));
  r = Nightly();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("84 records read, 3 indexed, 81 unchanged"));
  const std::string second = same();
  EXPECT_THAT(second, Not(HasSubstr(absl::StrCat("\"duplicate_of\":\"", docs[11].id, "\""))));
}

// `meute index` over several files: a record gone from a file given again is
// deleted, unless another file has it (given now, or not given this time);
// files not given are left alone unless --prune, which deletes their records.
TEST_F(NightlyCliTest, IndexDeletesWhatAFileDroppedAndPrunesOnlyWhenAsked) {
  std::vector<ingest::Document> docs = Generate(30, 33);
  ASSERT_EQ(docs.size(), 30u);
  const std::string a = dir_ / "a.jsonl";
  const std::string b = dir_ / "b.jsonl";
  const std::string c = dir_ / "c.jsonl";
  const std::string db = dir_ / "by-index";
  WriteJsonl(a, {docs.begin(), docs.begin() + 10});
  WriteJsonl(b, {docs.begin() + 10, docs.begin() + 20});
  WriteJsonl(c, {docs.begin() + 20, docs.end()});
  auto index = [&](std::vector<std::string> args) {
    std::vector<std::string> argv = {MeuteBinary(), "index", "--db", db};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunProcess(argv);
  };
  ProcessResult r = index({a, b, c});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("30 records in the index; this run: 30 read, 30 indexed, 0 "
                               "unchanged, 0 deleted"));

  // docs[0] moves from a to b; docs[1] leaves a; b is given, c is not.
  WriteJsonl(a, {docs.begin() + 2, docs.begin() + 10});
  std::vector<ingest::Document> b_docs(docs.begin() + 10, docs.begin() + 20);
  b_docs.push_back(docs[0]);
  WriteJsonl(b, b_docs);
  r = index({a, b});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("a.jsonl: 8 read, 0 indexed, 8 unchanged, 1 deleted, 0 rejected"));
  EXPECT_THAT(r.err, HasSubstr("b.jsonl: 11 read, 0 indexed, 11 unchanged, 0 deleted, 0 rejected"));
  EXPECT_THAT(r.err, HasSubstr("29 records in the index"));
  absl::StatusOr<std::vector<HitInfo>> hits = Search(db, "id:" + docs[1].id);
  ASSERT_TRUE(hits.ok());
  EXPECT_TRUE(hits->empty()) << docs[1].id << " left a.jsonl";
  hits = Search(db, "id:" + docs[0].id);
  ASSERT_TRUE(hits.ok());
  EXPECT_EQ(hits->size(), 1u) << docs[0].id << " moved to b.jsonl";

  // A record that only a file not given still has is kept: docs[25] is in c.
  std::vector<ingest::Document> with_copy(docs.begin() + 2, docs.begin() + 10);
  with_copy.push_back(docs[25]);
  WriteJsonl(a, with_copy);
  ASSERT_EQ(index({a}).exit_code, 0);
  WriteJsonl(a, {docs.begin() + 2, docs.begin() + 10});
  r = index({a});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("a.jsonl: 8 read, 0 indexed, 8 unchanged, 0 deleted"));
  EXPECT_EQ(*DocCount(db), 29u) << "c.jsonl still lists " << docs[25].id;

  // --prune: a and b are the whole corpus now, so c's 10 records go.
  r = index({"--prune", a, b});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("c.jsonl: 10 deleted (not among this run's inputs: --prune)"));
  EXPECT_THAT(r.err, HasSubstr("19 records in the index; this run: 19 read, 0 indexed, 19 "
                               "unchanged, 10 deleted"));
  EXPECT_EQ(*DocCount(db), 19u);
  // And c is forgotten: pruning again deletes nothing.
  r = index({"--prune", a, b});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("this run: 19 read, 0 indexed, 19 unchanged, 0 deleted"));
  EXPECT_THAT(r.err, Not(HasSubstr("c.jsonl")));
}

TEST_F(NightlyCliTest, OnlyAuthoritativeSourcesDeleteAndFailedSourcesNever) {
  std::vector<ingest::Document> docs = Generate(40, 5);
  std::vector<ingest::Document> a(docs.begin(), docs.begin() + 20);
  std::vector<ingest::Document> b(docs.begin() + 20, docs.end());
  WriteJsonl(dir_ / "a.jsonl", a);
  WriteJsonl(dir_ / "b.jsonl", b);
  WriteConfig({{"a", "path = \"a.jsonl\"", true}, {"b", "path = \"b.jsonl\"", false}});
  ASSERT_EQ(Nightly().exit_code, 0);

  a.pop_back();
  b.pop_back();
  WriteJsonl(dir_ / "a.jsonl", a);
  WriteJsonl(dir_ / "b.jsonl", b);
  ProcessResult r = Nightly();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Report()["counts"]["deleted"], 1) << "b is not authoritative";
  EXPECT_EQ(*DocCount(db_), 39u);

  // A source that cannot be read deletes nothing, and the run says so.
  fs::remove(dir_ / "a.jsonl");
  r = Nightly();
  EXPECT_EQ(r.exit_code, 6) << r.err;
  EXPECT_THAT(r.err, HasSubstr("source \"a\" failed"));
  nlohmann::json rep = Report();
  EXPECT_EQ(rep["status"], "partial");
  EXPECT_EQ(rep["sources"][0]["status"], "failed");
  EXPECT_EQ(rep["counts"]["deleted"], 0);
  EXPECT_EQ(*DocCount(db_), 39u);

  // Once it is back, nothing was lost.
  WriteJsonl(dir_ / "a.jsonl", a);
  r = Nightly();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Report()["counts"]["added"], 0);
  EXPECT_EQ(*DocCount(db_), 39u);
}

TEST_F(NightlyCliTest, ARecordMovingBetweenSourcesIsKept) {
  std::vector<ingest::Document> docs = Generate(10, 9);
  WriteJsonl(dir_ / "a.jsonl", docs);
  WriteJsonl(dir_ / "b.jsonl", {});
  WriteConfig({{"a", "path = \"a.jsonl\""}, {"b", "path = \"b.jsonl\""}});
  ASSERT_EQ(Nightly().exit_code, 0);
  // docs[0] moves from a to b: a dropped it, but b has it now.
  WriteJsonl(dir_ / "b.jsonl", {docs[0]});
  WriteJsonl(dir_ / "a.jsonl", std::vector<ingest::Document>(docs.begin() + 1, docs.end()));
  ASSERT_EQ(Nightly().exit_code, 0);
  EXPECT_EQ(Report()["counts"]["deleted"], 0);
  EXPECT_EQ(*DocCount(db_), 10u);
  // And when b drops it too, it goes.
  WriteJsonl(dir_ / "b.jsonl", {});
  ASSERT_EQ(Nightly().exit_code, 0);
  EXPECT_EQ(Report()["counts"]["deleted"], 1);
  EXPECT_EQ(*DocCount(db_), 9u);
}

TEST_F(NightlyCliTest, SilentOnSuccessExceptOneSummaryLine) {
  WriteJsonl(dir_ / "a.jsonl", Generate(30, 4));
  WriteConfig({{"a", "path = \"a.jsonl\""}});
  const ProcessResult r =
      RunProcess({MeuteBinary(), "nightly", "--config", config_});  // stderr is a file here.
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  const std::vector<std::string> lines = absl::StrSplit(r.err, '\n', absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 1u) << r.err;
  EXPECT_THAT(lines[0],
              HasSubstr("meute nightly: ok: 1 source, 30 records read, 30 indexed, 0 unchanged"));
  EXPECT_THAT(lines[0], HasSubstr("holds 30 documents"));
  EXPECT_THAT(r.err, Not(HasSubstr("\r")));
}

TEST_F(NightlyCliTest, RejectsAreListedWithFileAndLineAndExitPartial) {
  std::vector<ingest::Document> docs = Generate(5, 6);
  std::string text;
  for (const ingest::Document& d : docs) absl::StrAppend(&text, ingest::ToJson(d), "\n");
  text += "{\"id\": \"broken\", \"kind\": \"news\", \"title\": \"x\", \"date\": \"31/02/2026\"}\n";
  text += "not json at all\n";
  WriteText(dir_ / "a.jsonl", text);
  WriteConfig({{"a", "path = \"a.jsonl\""}});
  const ProcessResult r = Nightly();
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_THAT(r.err, HasSubstr("a.jsonl:6:"));
  EXPECT_THAT(r.err, HasSubstr("a.jsonl:7:"));
  const nlohmann::json rep = Report();
  EXPECT_EQ(rep["status"], "partial");
  EXPECT_EQ(rep["counts"]["rejected"], 2);
  EXPECT_EQ(rep["counts"]["added"], 5);
  ASSERT_EQ(rep["rejects"].size(), 2u);
  EXPECT_EQ(rep["rejects"][0]["line"], 6);
  EXPECT_THAT(rep["rejects"][0]["file"].get<std::string>(), HasSubstr("a.jsonl"));
  EXPECT_EQ(rep["rejects"][1]["line"], 7);
}

TEST_F(NightlyCliTest, ExitCodesForConfigurationProblems) {
  ProcessResult r = RunProcess({MeuteBinary(), "nightly", "--config", dir_ / "missing.toml"});
  EXPECT_EQ(r.exit_code, 5);
  EXPECT_THAT(r.err, HasSubstr("no configuration file"));
  WriteText(config_, "[index]\npath = \"idx\"\nshards = -1\n[[source]]\nname=\"a\"\npath=\"a\"\n");
  r = Nightly();
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("meute.toml:3:"));
  r = RunProcess({MeuteBinary(), "nightly"});
  EXPECT_EQ(r.exit_code, 2);
}

TEST_F(NightlyCliTest, ASecondRunIsRefusedWithExitCode4) {
  WriteJsonl(dir_ / "a.jsonl", Generate(10, 2));
  WriteConfig({{"a", "path = \"a.jsonl\""}});
  ASSERT_EQ(Nightly().exit_code, 0);
  {
    // Another `meute nightly` holds the run lock.
    const int fd = ::open((dir_ / "idx.state/nightly.lock").c_str(), O_RDWR);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::flock(fd, LOCK_EX | LOCK_NB), 0);
    const ProcessResult r = Nightly();
    ::close(fd);
    EXPECT_EQ(r.exit_code, 4);
    EXPECT_THAT(r.err, HasSubstr("another `meute nightly` is running on this index"));
    EXPECT_EQ(Report()["status"], "locked");
  }
  {
    // Another writer (`meute index`, say) holds the index's own lock.
    Xapian::WritableDatabase writer(db_, Xapian::DB_OPEN);
    const ProcessResult r = Nightly();
    EXPECT_EQ(r.exit_code, 4);
    EXPECT_THAT(r.err, HasSubstr("locked by another writer"));
  }
  EXPECT_EQ(Nightly().exit_code, 0) << "the locks are gone with their holders";
}

TEST_F(NightlyCliTest, SearchesKeepAnsweringDuringARun) {
  std::vector<ingest::Document> docs = Generate(1500, 8);
  WriteJsonl(dir_ / "a.jsonl", std::vector<ingest::Document>(docs.begin(), docs.begin() + 100));
  WriteConfig({{"a", "path = \"a.jsonl\""}}, "analysis_threads = 1");
  ASSERT_EQ(Nightly().exit_code, 0);
  WriteJsonl(dir_ / "a.jsonl", docs);
  // The searcher reopens the database when a commit (every 50 records here)
  // changes it underneath.
  const pid_t pid =
      Spawn({MeuteBinary(), "nightly", "--config", config_}, dir_ / "out", dir_ / "err");
  ASSERT_GT(pid, 0);
  absl::StatusOr<std::unique_ptr<index::Searcher>> searcher = index::Searcher::Open(db_);
  ASSERT_TRUE(searcher.ok()) << searcher.status();
  int searches = 0;
  std::vector<uint64_t> totals;
  while (::waitpid(pid, nullptr, WNOHANG) == 0) {
    index::SearchRequest request;
    request.query = "type:news";
    absl::StatusOr<index::SearchResponse> response = (*searcher)->Search(request);
    ASSERT_TRUE(response.ok()) << "search " << searches << ": " << response.status();
    if (totals.empty() || totals.back() != response->total) totals.push_back(response->total);
    ++searches;
  }
  EXPECT_GT(searches, 10);
  EXPECT_GE(totals.size(), 3u) << "the searches saw the index grow, commit after commit";
  for (size_t i = 1; i < totals.size(); ++i) EXPECT_GE(totals[i], totals[i - 1]);
}

TEST_F(NightlyCliTest, ShardsSearchLikeOneDatabaseAndNeedARebuildToChange) {
  std::vector<ingest::Document> docs = Generate(300, 11);
  WriteJsonl(dir_ / "a.jsonl", docs);
  WriteConfig({{"a", "path = \"a.jsonl\""}});
  ASSERT_EQ(Nightly().exit_code, 0);
  fs::rename(db_, dir_ / "single");
  fs::remove_all(dir_ / "idx.state");

  ProcessResult r = Nightly({"--shards", "3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Report()["shards"], 3);
  EXPECT_TRUE(fs::exists(dir_ / "idx/XAPIANDB"));
  EXPECT_EQ(*index::ShardCount(db_), 3);
  EXPECT_THAT(r.err, HasSubstr("in 3 shards"));
  for (const std::string& q : SampleQueries()) {
    absl::StatusOr<std::vector<HitInfo>> one = Search(dir_ / "single", q);
    absl::StatusOr<std::vector<HitInfo>> three = Search(db_, q);
    ASSERT_TRUE(one.ok() && three.ok()) << q;
    EXPECT_EQ(CompareHits(*one, *three, /*scores=*/false), "") << q;
  }

  r = Nightly();  // The configuration says 1 shard.
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("has 3 shards but 1 is asked for"));
  EXPECT_THAT(r.err, HasSubstr("--rebuild"));
  r = Nightly({"--rebuild"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(*index::ShardCount(db_), 1);
  EXPECT_EQ(Report()["counts"]["added"], 300);
  EXPECT_EQ(*DocCount(db_), 300u);
}

TEST_F(NightlyCliTest, RebuildKeepsTheOldIndexWhenASourceFails) {
  WriteJsonl(dir_ / "a.jsonl", Generate(20, 12));
  WriteJsonl(dir_ / "b.jsonl", Generate(5, 13));
  WriteConfig({{"a", "path = \"a.jsonl\""}, {"b", "glob = \"b*.jsonl\""}});
  ASSERT_EQ(Nightly().exit_code, 0);
  const uint64_t before = *DocCount(db_);
  fs::remove(dir_ / "b.jsonl");
  const ProcessResult r = Nightly({"--rebuild"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("rebuild abandoned"));
  EXPECT_EQ(*DocCount(db_), before);
  EXPECT_FALSE(fs::exists(db_ + ".rebuild"));
}

// Starts tests/testdata/http_test_server.py serving `folder` under /files/.
class HttpServer {
 public:
  explicit HttpServer(const std::string& folder) {
    int fds[2];
    if (pipe(fds) != 0) return;
    pid_ = fork();
    if (pid_ == 0) {
      dup2(fds[1], STDOUT_FILENO);
      close(fds[0]);
      const std::string script = SourceDir() + "/tests/testdata/http_test_server.py";
      execlp("python3", "python3", script.c_str(), folder.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    close(fds[1]);
    FILE* out = fdopen(fds[0], "r");
    if (out != nullptr && fscanf(out, "%d", &port_) != 1) port_ = 0;
    if (out != nullptr) fclose(out);
  }
  ~HttpServer() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      Wait(pid_);
    }
  }
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

TEST_F(NightlyCliTest, UrlSourcesUseEtagsAndA304FetchesNothingNew) {
  fs::create_directories(dir_ / "www");
  std::vector<ingest::Document> docs = Generate(25, 14);
  WriteJsonl(dir_ / "www/calls.jsonl", docs);
  HttpServer server(dir_ / "www");
  ASSERT_GT(server.port(), 0) << "test HTTP server did not start";
  const std::string url = absl::StrCat("http://127.0.0.1:", server.port(), "/files/calls.jsonl");
  WriteConfig({{"calls", "url = \"" + url + "\""}});

  ProcessResult r = Nightly();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json rep = Report();
  EXPECT_EQ(rep["sources"][0]["fetch"], "fetched");
  EXPECT_EQ(rep["counts"]["added"], 25);

  r = Nightly();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  rep = Report();
  EXPECT_EQ(rep["sources"][0]["fetch"], "not_modified") << "the ETag was sent back";
  EXPECT_EQ(rep["counts"]["analysed"], 0);
  EXPECT_EQ(rep["counts"]["unchanged"], 25);
  EXPECT_EQ(*DocCount(db_), 25u);

  docs[0].title = "Un appel tout neuf pour la filière bois";
  docs.pop_back();
  WriteJsonl(dir_ / "www/calls.jsonl", docs);
  r = Nightly();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  rep = Report();
  EXPECT_EQ(rep["sources"][0]["fetch"], "fetched");
  EXPECT_EQ(rep["counts"]["updated"], 1);
  EXPECT_EQ(rep["counts"]["deleted"], 1);
  EXPECT_EQ(*DocCount(db_), 24u);

  // An unreachable feed fails its source, and deletes nothing.
  WriteConfig({{"calls", "url = \"http://127.0.0.1:9/files/calls.jsonl\""}});
  r = Nightly();
  EXPECT_EQ(r.exit_code, 6) << r.err;
  EXPECT_THAT(r.err, HasSubstr("fetching http://127.0.0.1:9/"));
  EXPECT_EQ(*DocCount(db_), 24u);
}

// xapian-tcpsrv serving one database on 127.0.0.1.
class TcpServer {
 public:
  explicit TcpServer(const std::string& db) {
    for (int attempt = 0; attempt < 5 && port_ == 0; ++attempt) {
      const int port = FreePort();
      pid_ = fork();
      if (pid_ == 0) {
        // Its own process group: xapian-tcpsrv signals its group when it
        // stops (to end the children serving connections).
        setpgid(0, 0);
        const int null_fd = ::open("/dev/null", O_WRONLY);
        dup2(null_fd, STDOUT_FILENO);
        execlp("xapian-tcpsrv", "xapian-tcpsrv", "--interface", "127.0.0.1", "--port",
               std::to_string(port).c_str(), db.c_str(), static_cast<char*>(nullptr));
        _exit(127);
      }
      // Ready when it accepts a connection.
      for (int i = 0; i < 100; ++i) {
        if (::waitpid(pid_, nullptr, WNOHANG) != 0) break;  // Died (port taken?).
        try {
          Xapian::Remote::open("127.0.0.1", static_cast<unsigned>(port), 1000, 1000);
          port_ = port;
          break;
        } catch (const Xapian::Error&) {
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
      }
    }
  }
  ~TcpServer() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      Wait(pid_);
    }
  }
  int port() const { return port_; }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

TEST_F(NightlyCliTest, TwoRemoteShardsAndALocalOneSearchLikeOneDatabase) {
  std::vector<ingest::Document> docs = Generate(300, 15);
  WriteJsonl(dir_ / "a.jsonl", docs);
  WriteConfig({{"a", "path = \"a.jsonl\""}});
  ASSERT_EQ(Nightly().exit_code, 0);
  fs::rename(db_, dir_ / "single");
  fs::remove_all(dir_ / "idx.state");
  ASSERT_EQ(Nightly({"--shards", "3"}).exit_code, 0);

  const std::vector<std::string> shards = index::ShardDirs(db_, 3);
  TcpServer remote1(shards[1]);
  TcpServer remote2(shards[2]);
  ASSERT_GT(remote1.port(), 0) << "xapian-tcpsrv did not start";
  ASSERT_GT(remote2.port(), 0) << "xapian-tcpsrv did not start";
  const std::string list = absl::StrCat(shards[0], ",tcp://127.0.0.1:", remote1.port(),
                                        ",tcp://127.0.0.1:", remote2.port());
  absl::StatusOr<uint64_t> count = DocCount(list);
  ASSERT_TRUE(count.ok()) << count.status();
  EXPECT_EQ(*count, 300u);
  int compared = 0;
  for (const std::string& q : SampleQueries()) {
    absl::StatusOr<std::vector<HitInfo>> one = Search(dir_ / "single", q);
    absl::StatusOr<std::vector<HitInfo>> three = Search(list, q);
    ASSERT_TRUE(one.ok()) << q << ": " << one.status();
    ASSERT_TRUE(three.ok()) << q << ": " << three.status();
    EXPECT_EQ(CompareHits(*one, *three, /*scores=*/false), "") << q;
    compared += static_cast<int>(one->size());
  }
  EXPECT_GT(compared, 50) << "the queries must find something to compare";
}

}  // namespace
}  // namespace meute::testing

namespace meute::testing {
namespace {

// Runs `argv` on a pseudo-terminal; returns what it printed there.
std::string RunOnTerminal(const std::vector<std::string>& argv) {
  int master = -1;
  winsize size{};
  size.ws_col = 120;
  size.ws_row = 40;
  const pid_t pid = forkpty(&master, nullptr, nullptr, &size);
  if (pid == 0) {
    setenv("TERM", "xterm", 1);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  std::string out;
  char buf[4096];
  while (true) {
    const ssize_t n = ::read(master, buf, sizeof(buf));
    if (n <= 0) break;  // EIO once the child is gone.
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(master);
  Wait(pid);
  return out;
}

TEST_F(NightlyCliTest, DrawsAProgressBarOnATerminal) {
  WriteJsonl(dir_ / "a.jsonl", Generate(1500, 16));
  WriteConfig({{"a", "path = \"a.jsonl\""}}, "analysis_threads = 1");
  const std::string out = RunOnTerminal({MeuteBinary(), "nightly", "--config", config_});
  EXPECT_THAT(out, HasSubstr("\rindexing   ["));
  // Rate and ETA appear once a measurable time has passed: how soon depends
  // on the machine, so they are not asserted here.
  EXPECT_THAT(out, HasSubstr("meute nightly: ok: 1 source, 1500 records read"));
  // --no-progress: only the summary.
  const std::string quiet =
      RunOnTerminal({MeuteBinary(), "nightly", "--config", config_, "--no-progress"});
  EXPECT_THAT(quiet, Not(HasSubstr("indexing")));
  EXPECT_THAT(quiet, HasSubstr("meute nightly: ok"));
}

}  // namespace
}  // namespace meute::testing

namespace meute::testing {
namespace {

TEST_F(NightlyCliTest, CsvWithAMappingAndAnRssFeedOverHttp) {
  WriteText(dir_ / "members.csv",
            "Raison sociale;SIRET;Activité;Ville\n"
            "Hydrolec;12345678900011;Électrolyseurs pour l'hydrogène vert;Albi\n"
            "Vitisol;98765432100022;Capteurs pour la vigne et les sols;Narbonne\n");
  WriteText(dir_ / "members.toml",
            "format = \"csv\"\n[defaults]\nkind = \"member\"\n"
            "[fields]\ntitle = \"Raison sociale\"\norganisation = \"Raison sociale\"\n"
            "id = { from = \"SIRET\", prefix = \"siret:\" }\ntext = \"Activité\"\n"
            "city = \"Ville\"\n");
  HttpServer server(dir_.path().string());
  ASSERT_GT(server.port(), 0);
  const std::string feed = absl::StrCat("http://127.0.0.1:", server.port(), "/feed.xml");
  WriteConfig({{"members", "path = \"members.csv\"\nmapping = \"members.toml\""},
               {"feed", "url = \"" + feed + "\"\nkind = \"news\"", false}});
  ProcessResult r = Nightly();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json rep = Report();
  EXPECT_EQ(rep["counts"]["added"], 3) << rep.dump();
  EXPECT_EQ(rep["sources"][1]["fetch"], "fetched");
  absl::StatusOr<std::vector<HitInfo>> hits = Search(db_, "electrolyseurs");
  ASSERT_TRUE(hits.ok()) << hits.status();
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].id, "siret:12345678900011");

  r = Nightly();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  rep = Report();
  EXPECT_EQ(rep["sources"][1]["fetch"], "not_modified");
  EXPECT_EQ(rep["counts"]["unchanged"], 3);
  EXPECT_EQ(rep["counts"]["analysed"], 0);
}

TEST_F(NightlyCliTest, RefreshesTheRecommenderModelWhenTheIndexChanged) {
  WriteJsonl(dir_ / "a.jsonl", Generate(150, 17));
  WriteText(config_,
            "[index]\npath = \"idx\"\n[model]\ndimensions = 8\n"
            "[[source]]\nname = \"a\"\npath = \"a.jsonl\"\n");
  ProcessResult r = Nightly();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Report()["model"], "refreshed");
  ASSERT_TRUE(fs::exists(dir_ / "idx/meute.model"));
  const auto written = fs::last_write_time(dir_ / "idx/meute.model");
  r = Nightly();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Report()["model"], "unchanged");
  EXPECT_EQ(fs::last_write_time(dir_ / "idx/meute.model"), written);
  // The model is what `meute model info` describes.
  r = RunProcess({MeuteBinary(), "model", "info", "--db", db_});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("k = 8"));
  // A model of an older file format is rebuilt even when nothing changed.
  fs::copy_file(SourceDir() + "/recommend/testdata/model_v1.golden", dir_ / "idx/meute.model",
                fs::copy_options::overwrite_existing);
  r = Nightly();
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(Report()["model"], "refreshed");
  r = RunProcess({MeuteBinary(), "model", "info", "--db", db_});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("k = 8"));
}

}  // namespace
}  // namespace meute::testing
