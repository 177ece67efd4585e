#include "tests/nightly/nightly_test_util.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "index/searcher.h"

#ifndef MEUTE_BINARY
#define MEUTE_BINARY "meute"
#endif

namespace meute::testing {

namespace fs = std::filesystem;

std::string MeuteBinary() { return MEUTE_BINARY; }

std::string SourceDir() {
  const char* dir = std::getenv("MEUTE_SOURCE_DIR");
  return dir != nullptr ? dir : ".";
}

pid_t Spawn(const std::vector<std::string>& argv, const std::string& out_file,
            const std::string& err_file) {
  const pid_t pid = fork();
  if (pid == 0) {
    const int out = ::open(out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int err = ::open(err_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const int null_in = ::open("/dev/null", O_RDONLY);
    if (out < 0 || err < 0 || null_in < 0) _exit(126);
    dup2(null_in, STDIN_FILENO);
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());
    _exit(127);
  }
  return pid;
}

int Wait(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

ProcessResult RunProcess(const std::vector<std::string>& argv) {
  char out_tmpl[] = "/tmp/meute_out_XXXXXX";
  char err_tmpl[] = "/tmp/meute_err_XXXXXX";
  const int out_fd = mkstemp(out_tmpl);
  const int err_fd = mkstemp(err_tmpl);
  ::close(out_fd);
  ::close(err_fd);
  ProcessResult r;
  const pid_t pid = Spawn(argv, out_tmpl, err_tmpl);
  if (pid > 0) r.exit_code = Wait(pid);
  r.out = ReadText(out_tmpl);
  r.err = ReadText(err_tmpl);
  ::unlink(out_tmpl);
  ::unlink(err_tmpl);
  return r;
}

TempDir::TempDir(const std::string& name) {
  path_ =
      fs::temp_directory_path() / absl::StrCat("meute_nightly_", name, "_", ::getpid(), "_",
                                               ::testing::UnitTest::GetInstance()->random_seed());
  fs::remove_all(path_);
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

void WriteText(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

ingest::Document News(const std::string& id, const std::string& title, const std::string& text) {
  ingest::Document d;
  d.id = id;
  d.kind = ingest::Kind::kNews;
  d.title = title;
  d.text = text;
  d.lang = "fr";
  d.date = "2026-11-20";
  return d;
}

void WriteJsonl(const std::string& path, const std::vector<ingest::Document>& docs) {
  std::string text;
  for (const ingest::Document& d : docs) absl::StrAppend(&text, ingest::ToJson(d), "\n");
  WriteText(path, text);
}

nlohmann::json ReadReport(const std::string& path) {
  const nlohmann::json j = nlohmann::json::parse(ReadText(path), nullptr, false);
  EXPECT_TRUE(j.is_object()) << "no JSON report at " << path;
  return j;
}

absl::StatusOr<std::vector<HitInfo>> Search(const std::string& db, const std::string& query,
                                            int limit) {
  absl::StatusOr<std::unique_ptr<index::Searcher>> searcher = index::Searcher::Open(db);
  if (!searcher.ok()) return searcher.status();
  index::SearchRequest request;
  request.query = query;
  request.limit = limit;
  request.spelling = false;
  absl::StatusOr<index::SearchResponse> response = (*searcher)->Search(request);
  if (!response.ok()) return response.status();
  std::vector<HitInfo> hits;
  for (const index::Hit& h : response->hits) hits.push_back({h.id, h.score});
  return hits;
}

absl::StatusOr<uint64_t> DocCount(const std::string& db) {
  absl::StatusOr<std::unique_ptr<index::Searcher>> searcher = index::Searcher::Open(db);
  if (!searcher.ok()) return searcher.status();
  return (*searcher)->DocCount();
}

std::string CompareHits(const std::vector<HitInfo>& a, const std::vector<HitInfo>& b, bool scores) {
  if (a.size() != b.size()) return absl::StrCat(a.size(), " hits against ", b.size());
  // Equal up to the last bits of a sum done in another order.
  auto same = [](double x, double y) {
    return std::abs(x - y) <= 1e-9 * std::max(1.0, std::abs(x));
  };
  size_t i = 0;
  while (i < a.size()) {
    size_t j = i + 1;
    while (j < a.size() && same(a[j].score, a[i].score)) ++j;
    // Hits [i, j) tie in `a`: `b` must hold the same ids there.
    std::vector<std::string> ids_a, ids_b;
    for (size_t k = i; k < j; ++k) {
      if (scores && !same(a[k].score, b[k].score)) {
        return absl::StrCat("rank ", k + 1, ": ", a[k].id, " score ", a[k].score, " against ",
                            b[k].id, " score ", b[k].score);
      }
      ids_a.push_back(a[k].id);
      ids_b.push_back(b[k].id);
    }
    std::sort(ids_a.begin(), ids_a.end());
    std::sort(ids_b.begin(), ids_b.end());
    // A tie cut by the end of the page may show other members of the tie.
    if (ids_a != ids_b && j < a.size()) {
      std::string detail;
      for (size_t k = i; k < j; ++k) absl::StrAppend(&detail, " ", a[k].id, "/", b[k].id);
      return absl::StrCat("ranks ", i + 1, "-", j, " hold other records:", detail);
    }
    i = j;
  }
  return "";
}

const std::vector<std::string>& SampleQueries() {
  static const auto* kQueries = new std::vector<std::string>{
      "hydrogène",
      "hydrogene vert",
      "\"appel à projets\"",
      "innovation OR numérique",
      "formation -agriculture",
      "titre:occitanie",
      "mobilité électrique",
      "type:news toulouse",
      "eau",
      "robots",
      "entreprises NOT (eau OR énergie)",
  };
  return *kQueries;
}

int FreePort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof(addr);
  int port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  ::close(fd);
  return port;
}

}  // namespace meute::testing
