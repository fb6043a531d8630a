// Atomic output: a file or directory appears complete under its final name, or not at all.
//
// A single file is written to "<name>.tmp-<pid>" next to its target, flushed, closed and
// then renamed (rename(2) within one directory is atomic on POSIX file systems). A run stages
// all its files in "<out>.tmp-<pid>" (each written there directly: nothing else reads that
// directory) and renames that directory into place only when every file is complete, so a
// failed or interrupted run never leaves a half-written result directory (an interrupted run
// may leave its ".tmp-<pid>" staging directory behind; nothing reads it, and the next run
// writing the same directory removes those of processes no longer running).
#pragma once

#include <filesystem>
#include <functional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace carecast::output {

// Writing the output failed: the directory cannot be created, a file cannot be written or
// renamed, or an existing output directory may not be replaced. what() names the path and
// the reason. The command-line program maps it to exit code 4 (data/file I/O error).
class OutputError : public std::runtime_error {
 public:
  OutputError(std::filesystem::path path, const std::string& reason);
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Calls `write` with a stream on "<target>.tmp-<pid>", then flushes, closes and renames the
// file to `target` (replacing an existing file). When `write` throws, or any step fails, the
// temporary file is removed and `target` is left as it was; stream failures become
// OutputError, exceptions from `write` propagate unchanged. The parent directory must exist.
void write_file_atomically(const std::filesystem::path& target,
                           const std::function<void(std::ostream&)>& write);

// Calls `write` with a stream on `path` itself, then flushes and closes it: for a file in a
// staging directory (below), which nothing else reads and which is renamed into place whole.
// Stream failures become OutputError naming `reported`; exceptions from `write` propagate.
void write_file(const std::filesystem::path& path, const std::filesystem::path& reported,
                const std::function<void(std::ostream&)>& write);

// A directory of results being built under a temporary name.
//
//   StagingDirectory stage("results/productivity");   // creates results/productivity.tmp-<pid>
//   stage.write("projection.csv", ...);
//   stage.commit();                                     // results/productivity now complete
//
// The constructor creates missing parent directories of the target and refuses (OutputError)
// a target that commit() would refuse, so a run fails before it writes anything. The
// destructor removes the staging directory unless commit() succeeded.
class StagingDirectory {
 public:
  explicit StagingDirectory(std::filesystem::path target);
  ~StagingDirectory();
  StagingDirectory(const StagingDirectory&) = delete;
  StagingDirectory& operator=(const StagingDirectory&) = delete;

  const std::filesystem::path& target() const { return target_; }
  const std::filesystem::path& staging() const { return staging_; }
  // Calls `write` with a stream on the staged file `name`, then flushes and closes it. Stream
  // failures become OutputError naming the file under the target's name; exceptions from
  // `write` propagate (the destructor removes the staging directory).
  void write(const std::string& name, const std::function<void(std::ostream&)>& write);
  // The names write() has written, in order (what a manifest lists).
  const std::vector<std::string>& written() const { return written_; }

  // Renames the staging directory to the target. An existing target is replaced only when
  // it is a directory that is empty or an earlier carecast result holding nothing but
  // manifest.json and the files its "files" list names (a user's notes.txt beside them
  // would be deleted with it);
  // anything else is refused with OutputError, so a mistyped --out cannot delete a
  // directory that carecast did not write. The old directory is moved to
  // "<target>.old-<pid>" first and removed after the rename; if the rename fails it is
  // moved back.
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path staging_;
  bool committed_ = false;
  std::vector<std::string> written_;
};

// What a results directory received: its files (the manifest included) and the wall time
// of writing them, in ms.
struct Written {
  std::size_t files = 0;
  double milliseconds = 0.0;
};

}  // namespace carecast::output
