#include "ingest/fetch.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"

namespace meute::ingest {
namespace {

using ::testing::HasSubstr;

// Starts tests/testdata/http_test_server.py on 127.0.0.1 for the whole suite.
class FetchTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const char* src = std::getenv("MEUTE_SOURCE_DIR");
    const std::string script =
        absl::StrCat(src != nullptr ? src : ".", "/tests/testdata/http_test_server.py");
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    pid_ = fork();
    ASSERT_GE(pid_, 0);
    if (pid_ == 0) {
      dup2(fds[1], STDOUT_FILENO);
      close(fds[0]);
      execlp("python3", "python3", script.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    close(fds[1]);
    FILE* out = fdopen(fds[0], "r");
    ASSERT_NE(out, nullptr);
    int port = 0;
    ASSERT_EQ(fscanf(out, "%d", &port), 1) << "test HTTP server did not start";
    fclose(out);
    base_ = absl::StrCat("http://127.0.0.1:", port);
  }
  static void TearDownTestSuite() {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
    }
  }
  static FetchOptions Fast() {
    FetchOptions o;
    o.retry_backoff_ms = 10;
    o.timeout_ms = 1000;
    return o;
  }
  static pid_t pid_;
  static std::string base_;
};

pid_t FetchTest::pid_ = -1;
std::string FetchTest::base_;

TEST_F(FetchTest, ConditionalGetUsesEtagAndLastModified) {
  absl::StatusOr<FetchResult> first = FetchUrl(base_ + "/feed.xml", {}, Fast());
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->http_status, 200);
  EXPECT_THAT(first->body, HasSubstr("<rss"));
  EXPECT_EQ(first->validators.etag, "\"feed-v1\"");
  EXPECT_FALSE(first->validators.last_modified.empty());

  absl::StatusOr<FetchResult> second = FetchUrl(base_ + "/feed.xml", first->validators, Fast());
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE(second->not_modified);
  EXPECT_TRUE(second->body.empty());
  EXPECT_EQ(second->validators.etag, "\"feed-v1\"");

  FetchValidators only_date{"", first->validators.last_modified};
  absl::StatusOr<FetchResult> third = FetchUrl(base_ + "/feed.xml", only_date, Fast());
  ASSERT_TRUE(third.ok());
  EXPECT_TRUE(third->not_modified);
}

TEST_F(FetchTest, RetriesServerErrorsThenSucceeds) {
  absl::StatusOr<FetchResult> r = FetchUrl(base_ + "/flaky", {}, Fast());
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->body, "ok");
  EXPECT_EQ(r->attempts, 3);
}

TEST_F(FetchTest, GivesUpAfterBoundedRetries) {
  FetchOptions o = Fast();
  o.max_retries = 1;
  o.timeout_ms = 300;
  absl::StatusOr<FetchResult> r = FetchUrl(base_ + "/slow", {}, o);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kDeadlineExceeded);
  EXPECT_THAT(std::string(r.status().message()), HasSubstr("after 2 attempts"));
}

TEST_F(FetchTest, MapsHttpErrorsAndCapsSize) {
  EXPECT_EQ(FetchUrl(base_ + "/missing", {}, Fast()).status().code(), absl::StatusCode::kNotFound);
  FetchOptions o = Fast();
  o.max_bytes = 1 << 20;
  EXPECT_EQ(FetchUrl(base_ + "/big", {}, o).status().code(), absl::StatusCode::kResourceExhausted);
}

TEST_F(FetchTest, OnlyHttpAndHttpsEvenAfterRedirects) {
  EXPECT_EQ(FetchUrl("file:///etc/passwd", {}, Fast()).status().code(),
            absl::StatusCode::kInvalidArgument);
  absl::StatusOr<FetchResult> r = FetchUrl(base_ + "/redirect-file", {}, Fast());
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(std::string(r.status().message()), ::testing::Not(HasSubstr("root:")));
}

TEST_F(FetchTest, UnreachableHostIsUnavailable) {
  FetchOptions o = Fast();
  o.max_retries = 0;
  // Port 9 on loopback (discard) is closed on test machines.
  absl::StatusOr<FetchResult> r = FetchUrl("http://127.0.0.1:9/x", {}, o);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace meute::ingest
