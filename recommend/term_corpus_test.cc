#include "recommend/term_corpus.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace meute::recommend {
namespace {

TEST(TermCorpus, InternsTermsAndMergesRepeats) {
  TermCorpus corpus;
  EXPECT_EQ(corpus.Add({{"eau", 2}, {"vign", 1}, {"eau", 1}, {"", 4}, {"zero", 0}}), 0);
  EXPECT_EQ(corpus.Add({{"vign", 3}}), 1);
  EXPECT_EQ(corpus.num_documents(), 2);
  EXPECT_EQ(corpus.num_terms(), 2);
  ASSERT_EQ(corpus.row(0).size(), 2u);
  EXPECT_EQ(corpus.term(corpus.row(0)[0].term), "eau");
  EXPECT_EQ(corpus.row(0)[0].count, 3u);
  ASSERT_EQ(corpus.row(1).size(), 1u);
  EXPECT_EQ(corpus.row(1)[0].count, 3u);
}

TEST(Vocabulary, SortsTermsAndUsesSmoothIdf) {
  TermCorpus corpus;
  corpus.Add({{"b", 1}, {"a", 1}});
  corpus.Add({{"a", 2}});
  corpus.Add({{"c", 1}});
  const Vocabulary vocab = Vocabulary::FromCorpus(corpus, {});
  ASSERT_EQ(vocab.size(), 3);
  EXPECT_EQ(vocab.term(0), "a");
  EXPECT_EQ(vocab.term(2), "c");
  EXPECT_EQ(vocab.df(0), 2u);
  // scikit-learn: idf = ln((1 + n) / (1 + df)) + 1.
  EXPECT_FLOAT_EQ(vocab.idf(0), static_cast<float>(std::log(4.0 / 3.0) + 1.0));
  EXPECT_FLOAT_EQ(vocab.idf(1), static_cast<float>(std::log(4.0 / 2.0) + 1.0));
  EXPECT_EQ(vocab.Find("c"), 2);
  EXPECT_EQ(vocab.Find("zzz"), -1);
}

TEST(Vocabulary, MinDfAndMaxDfPruneTerms) {
  TermCorpus corpus;
  corpus.Add({{"common", 1}, {"rare", 1}});
  corpus.Add({{"common", 1}, {"mid", 1}});
  corpus.Add({{"common", 1}, {"mid", 1}});
  TfidfOptions options;
  options.min_df = 2;
  options.max_df_fraction = 0.9;
  const Vocabulary vocab = Vocabulary::FromCorpus(corpus, options);
  ASSERT_EQ(vocab.size(), 1);
  EXPECT_EQ(vocab.term(0), "mid");
}

TEST(TfidfMatrix, RowsAreSublinearAndUnitLength) {
  TermCorpus corpus;
  corpus.Add({{"a", 1}, {"b", 4}});
  corpus.Add({{"a", 1}});
  corpus.Add({{"unknown", 1}});
  TfidfOptions options;
  const Vocabulary all = Vocabulary::FromCorpus(corpus, options);
  // A vocabulary without "unknown" leaves row 2 empty.
  const Vocabulary vocab({"a", "b"}, {all.df(all.Find("a")), all.df(all.Find("b"))}, 3);
  const SparseMatrix m = BuildTfidfMatrix(corpus, vocab);
  ASSERT_EQ(m.rows(), 3);
  ASSERT_EQ(m.cols(), 2);
  const float wa = 1.0f * vocab.idf(0);
  const float wb = (1.0f + std::log(4.0f)) * vocab.idf(1);
  const float norm = std::sqrt(wa * wa + wb * wb);
  EXPECT_NEAR(m.coeff(0, 0), wa / norm, 1e-6);
  EXPECT_NEAR(m.coeff(0, 1), wb / norm, 1e-6);
  EXPECT_NEAR(m.coeff(1, 0), 1.0f, 1e-6);
  EXPECT_EQ(m.row(2).nonZeros(), 0);
}

TEST(Vocabulary, WeighMatchesMatrixRows) {
  TermCorpus corpus;
  corpus.Add({{"a", 3}, {"b", 1}, {"c", 2}});
  corpus.Add({{"b", 1}});
  const Vocabulary vocab = Vocabulary::FromCorpus(corpus, {});
  const SparseMatrix m = BuildTfidfMatrix(corpus, vocab);
  const TermWeights w = vocab.Weigh({{"c", 2}, {"a", 3}, {"b", 1}, {"nope", 7}});
  ASSERT_EQ(w.size(), 3u);
  for (const auto& [id, v] : w) EXPECT_NEAR(v, m.coeff(0, id), 1e-6);
  EXPECT_NEAR(Dot(w, w), 1.0f, 1e-6);
}

}  // namespace
}  // namespace meute::recommend
