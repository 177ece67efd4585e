// Replays fuzz seed corpora in ctest: feeds every file named on the command
// line (folders: every file inside, in sorted order) to the fuzz target
// linked with it, LLVMFuzzerTestOneInput. A crash or trap fails the test; an
// empty corpus fails too, since it means the seeds went missing. Then it
// feeds random inputs made with a fixed seed (so a failure reproduces): seeds
// with bytes flipped, inserted (many of them invalid UTF-8: 0x80..0xFF, NUL)
// and cut, and plain random bytes. The targets' invariants
// (ingest/internal/fuzz_checks.h) include diagnostics that are valid UTF-8.
// `--random=N` sets how many random inputs (default 200, 0: seeds only).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <string>
#include <system_error>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

void Feed(const std::string& data) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(data.data()), data.size());
}

// A random variant of `seed`: a few bytes flipped, inserted or removed.
std::string Mutate(std::string s, std::mt19937& rng) {
  std::uniform_int_distribution<int> byte(0, 255), high(0x80, 0xFF), op(0, 4), count(1, 8);
  for (int n = count(rng); n > 0; --n) {
    const size_t at = s.empty() ? 0 : std::uniform_int_distribution<size_t>(0, s.size() - 1)(rng);
    switch (op(rng)) {
      case 0:
        if (!s.empty()) s[at] = static_cast<char>(byte(rng));
        break;
      case 1:
        s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), static_cast<char>(high(rng)));
        break;
      case 2:
        s.insert(s.begin() + static_cast<std::ptrdiff_t>(at), '\0');
        break;
      case 3:
        if (!s.empty()) s.erase(at, 1);
        break;
      default:
        s.resize(at);
        break;
    }
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::filesystem::path> files;
  long random_inputs = 200;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg.rfind("--random=", 0) == 0) {
      random_inputs = std::stol(arg.substr(9));
      continue;
    }
    const std::filesystem::path p(arg);
    std::error_code ec;
    if (std::filesystem::is_directory(p, ec)) {
      for (const auto& e : std::filesystem::recursive_directory_iterator(p, ec)) {
        if (e.is_regular_file()) files.push_back(e.path());
      }
    } else if (std::filesystem::is_regular_file(p, ec)) {
      files.push_back(p);
    } else {
      std::cerr << "fuzz_replay: no such file or folder: " << p << "\n";
      return 1;
    }
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) {
    std::cerr << "fuzz_replay: no seed files given\n";
    return 1;
  }
  std::vector<std::string> seeds;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    seeds.emplace_back((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Feed(seeds.back());
  }
  std::mt19937 rng(20261207);
  std::uniform_int_distribution<int> byte(0, 255), length(0, 512);
  for (long i = 0; i < random_inputs; ++i) {
    if (i % 4 == 3) {  // One in four: bytes only.
      std::string data(static_cast<size_t>(length(rng)), '\0');
      for (char& c : data) c = static_cast<char>(byte(rng));
      Feed(data);
    } else {
      Feed(Mutate(seeds[static_cast<size_t>(i) % seeds.size()], rng));
    }
  }
  std::cout << "fuzz_replay: " << files.size() << " inputs replayed, " << random_inputs
            << " random inputs\n";
  return 0;
}
