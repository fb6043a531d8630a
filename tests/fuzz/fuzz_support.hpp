// Shared by the fuzz targets: a private scratch directory laid out so that inputs written
// into it find the files they name (the Norway base and its tables, the test base data).
//
//   <scratch>/config     -> <source>/config          (scenarios say base: ../config/norway.yaml)
//   <scratch>/scenarios/ the shipped scenario files, linked; fuzzed scenario and sweep files
//   <scratch>/base/      fuzzed base files, next to links to the tables they name
//                        (norway/ and data/), and a scenario naming the fuzzed base
//
// Every target catches config::LocatedError (a user error with a located message, exit 3 or
// 4 in the CLI) and lets anything else escape: an escaping exception is an internal error
// (exit 5) and libFuzzer reports it as a crash, with the input that caused it.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace carecast::fuzz {

inline std::filesystem::path source_dir() {
  if (const char* dir = std::getenv("CARECAST_SOURCE_DIR")) return dir;
  return CARECAST_SOURCE_DIR;
}

class Scratch {
 public:
  Scratch() {
    std::string pattern = (std::filesystem::temp_directory_path() / "carecast-fuzz-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) std::abort();
    root_ = pattern;
    const std::filesystem::path source = source_dir();
    std::filesystem::create_directory_symlink(source / "config", root_ / "config");
    std::filesystem::create_directories(root_ / "scenarios");
    for (const auto& entry : std::filesystem::directory_iterator(source / "scenarios")) {
      std::filesystem::create_symlink(entry.path(), root_ / "scenarios" / entry.path().filename());
    }
    std::filesystem::create_directories(root_ / "base");
    std::filesystem::create_directory_symlink(source / "config" / "norway", root_ / "base" / "norway");
    std::filesystem::create_directory_symlink(source / "tests" / "fixtures" / "config" / "data", root_ / "base" / "data");
    write(root_ / "base" / "scenario.yaml", "base: input.yaml\n");
  }
  ~Scratch() {
    std::error_code ignored;
    std::filesystem::remove_all(root_, ignored);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;

  const std::filesystem::path& root() const { return root_; }

  static void write(const std::filesystem::path& file, std::string_view bytes) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), std::streamsize(bytes.size()));
  }

 private:
  std::filesystem::path root_;
};

// One per process, removed at exit.
inline Scratch& scratch() {
  static Scratch instance;
  return instance;
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace carecast::fuzz
