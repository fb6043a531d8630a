#include "carecast/output/atomic_file.hpp"

#include <signal.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <locale>
#include <set>
#include <system_error>

namespace carecast::output {

namespace fs = std::filesystem;

namespace {

// "<path>.<tag>-<pid>" for this process: a staging file or directory, or moved-aside results.
fs::path temporary_sibling(const fs::path& path, const std::string& tag = "tmp") {
  fs::path name = path;
  if (!name.has_filename()) name = name.parent_path();  // "results/run/" -> "results/run"
  name += "." + tag + "-" + std::to_string(::getpid());
  return name;
}

std::string describe(const std::error_code& ec) { return ec.message(); }

// Best effort: used on paths that are already failing, where a second error adds nothing.
void remove_quietly(const fs::path& path) {
  std::error_code ignored;
  fs::remove_all(path, ignored);
}

// What an earlier result directory holds besides what its manifest.json lists (its "files",
// paths relative to the directory, and the manifest itself): "notes.txt", "charts/mine.svg".
// Throws OutputError when the manifest cannot be read or lists no files (then it is not a
// carecast manifest). Sorted; a directory carecast did not write is named once.
std::vector<std::string> unlisted_entries(const fs::path& target) {
  std::set<std::string> listed{"manifest.json"}, parents;
  {
    std::ifstream in(target / "manifest.json", std::ios::binary);
    const nlohmann::json manifest = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
    const auto files = manifest.is_object() ? manifest.find("files") : manifest.end();
    if (!manifest.is_object() || files == manifest.end() || !files->is_array()) {
      throw OutputError(target, "its manifest.json is not a carecast manifest (no list of files); "
                                "choose another --out or remove the directory");
    }
    for (const auto& file : *files) {
      if (!file.is_string()) continue;
      const fs::path path = fs::path(file.get<std::string>()).lexically_normal();
      listed.insert(path.generic_string());
      for (fs::path parent = path.parent_path(); !parent.empty(); parent = parent.parent_path()) {
        parents.insert(parent.generic_string());
      }
    }
  }
  std::vector<std::string> unlisted;
  std::error_code ec;
  fs::recursive_directory_iterator it(target, fs::directory_options::none, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().lexically_relative(target).generic_string();  // no file-system call
    const fs::file_status status = it->symlink_status(ec);
    const bool ours = fs::is_directory(status) ? parents.count(name) > 0
                                               : fs::is_regular_file(status) && listed.count(name) > 0;
    if (ours) continue;
    if (fs::is_directory(status)) it.disable_recursion_pending();  // named once, not file by file
    unlisted.push_back(name);
  }
  if (ec) throw OutputError(target, "cannot read the existing directory: " + describe(ec));
  std::sort(unlisted.begin(), unlisted.end());
  return unlisted;
}

// The output path must be absent, an empty directory or an earlier carecast result holding
// only what its manifest lists: a symbolic link, a file, a directory carecast did not write
// or a result beside which someone has put files of their own is never replaced, so a
// mistyped --out cannot delete someone's files. Returns whether the target exists.
bool check_replaceable(const fs::path& target) {
  std::error_code ec;
  const auto status = fs::symlink_status(target, ec);
  if (!fs::exists(status)) return false;
  if (fs::is_symlink(status))
    throw OutputError(target, "it is a symbolic link; give the directory it points to");
  if (!fs::is_directory(status)) throw OutputError(target, "it exists and is not a directory");
  const bool empty = fs::is_empty(target, ec);
  if (ec) throw OutputError(target, "cannot read the existing directory: " + describe(ec));
  if (empty) return true;
  if (!fs::exists(target / "manifest.json", ec)) {
    throw OutputError(target,
                      "it exists and is not a carecast result directory (no manifest.json); "
                      "choose another --out or remove it");
  }
  const std::vector<std::string> unlisted = unlisted_entries(target);
  if (!unlisted.empty()) {
    std::string names;  // the first three
    for (std::size_t i = 0; i < std::min<std::size_t>(unlisted.size(), 3); ++i) names += (i ? ", " : "") + unlisted[i];
    throw OutputError(target, "it is an earlier carecast result, but it also holds what carecast did not write (" +
                                  names + (unlisted.size() > 3 ? ", ..." : "") +
                                  "), which replacing it would delete; move that elsewhere or choose another --out");
  }
  return true;
}

// The file that marks a staging directory or moved-aside results as carecast's own, so that
// only those are ever removed as leftovers: a user's "results.old-20240101" (a date, not a
// running process) or "results.tmp-123" is not carecast's and stays. Removed from the staging
// directory before it becomes the results.
constexpr const char* kLeftoverMark = ".carecast-leftover";

bool marked(const fs::path& directory) {
  std::error_code ignored;
  return fs::is_regular_file(directory / kLeftoverMark, ignored);
}

void mark(const fs::path& directory) {
  std::ofstream(directory / kLeftoverMark) << "carecast: a staging directory or moved-aside results; safe to remove\n";
}

void remove_if_marked(const fs::path& directory) {
  if (marked(directory)) remove_quietly(directory);
}

// Staging directories ("<name>.tmp-<pid>") and moved-aside results ("<name>.old-<pid>") of
// `target` whose process no longer runs: a killed run leaves them behind and nothing else
// would ever remove them. A pid that is alive (or belongs to another user) is left alone, and
// so is a directory without carecast's mark.
void remove_stale_siblings(const fs::path& target) {
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  const std::string name = target.filename().string();
  std::error_code ec;
  fs::directory_iterator it(parent, ec);
  if (ec) return;
  for (const fs::directory_entry& entry : it) {
    const std::string sibling = entry.path().filename().string();
    for (const std::string tag : {".tmp-", ".old-"}) {
      if (sibling.size() <= name.size() + tag.size() || sibling.compare(0, name.size(), name) != 0 ||
          sibling.compare(name.size(), tag.size(), tag) != 0) {
        continue;
      }
      const std::string digits = sibling.substr(name.size() + tag.size());
      if (digits.size() > 9 || digits.find_first_not_of("0123456789") != std::string::npos) continue;
      const long pid = std::stol(digits);
      if (pid > 0 && pid != long(::getpid()) && ::kill(pid_t(pid), 0) != 0 && errno == ESRCH) {
        remove_if_marked(entry.path());
      }
    }
  }
}

}  // namespace

void write_file(const fs::path& path, const fs::path& reported, const std::function<void(std::ostream&)>& write) {
  std::ofstream out;
  out.imbue(std::locale::classic());
  errno = 0;
  out.open(path, std::ios::binary | std::ios::trunc);
  if (!out) throw OutputError(reported, errno != 0 ? std::strerror(errno) : "cannot create the file");
  write(out);
  out.flush();
  if (!out) throw OutputError(reported, "write failed (disk full?)");
  out.close();
  if (out.fail()) throw OutputError(reported, "closing the file failed");
}

OutputError::OutputError(fs::path path, const std::string& reason)
    : std::runtime_error("cannot write '" + path.string() + "': " + reason), path_(std::move(path)) {}

void write_file_atomically(const fs::path& target, const std::function<void(std::ostream&)>& write) {
  const fs::path temporary = temporary_sibling(target);
  try {
    write_file(temporary, target, write);
    std::error_code ec;
    fs::rename(temporary, target, ec);
    if (ec) throw OutputError(target, "cannot rename the temporary file into place: " + describe(ec));
  } catch (...) {
    std::error_code ignored;
    fs::remove(temporary, ignored);
    throw;
  }
}

StagingDirectory::StagingDirectory(fs::path target)
    : target_(target.has_filename() ? std::move(target) : target.parent_path()),
      staging_(temporary_sibling(target_)) {
  std::error_code ec;
  if (target_.has_parent_path()) {
    fs::create_directories(target_.parent_path(), ec);
    if (ec) throw OutputError(target_.parent_path(), "cannot create the directory: " + describe(ec));
  }
  check_replaceable(target_);  // fail before the work of writing, not after
  remove_if_marked(staging_);  // left over from a crashed run that had the same pid
  remove_stale_siblings(target_);
  fs::create_directory(staging_, ec);
  if (ec) {
    throw OutputError(target_,
                      "cannot create the staging directory '" + staging_.string() + "': " + describe(ec));
  }
  mark(staging_);
  if (!marked(staging_)) {
    remove_quietly(staging_);
    throw OutputError(target_, "cannot write in the staging directory '" + staging_.string() + "'");
  }
}

void StagingDirectory::write(const std::string& name, const std::function<void(std::ostream&)>& write) {
  write_file(staging_ / name, target_ / name, write);
  written_.push_back(name);
}

StagingDirectory::~StagingDirectory() {
  if (!committed_) remove_quietly(staging_);
}

void StagingDirectory::commit() {
  std::error_code ec;
  fs::remove(staging_ / kLeftoverMark, ec);  // the results carry no mark
  if (ec) throw OutputError(target_, "cannot finish the staging directory '" + staging_.string() + "': " + describe(ec));
  if (!check_replaceable(target_)) {
    fs::rename(staging_, target_, ec);
    if (ec)
      throw OutputError(target_, "cannot rename '" + staging_.string() + "' into place: " + describe(ec));
    committed_ = true;
    return;
  }

  const fs::path old = temporary_sibling(target_, "old");
  remove_if_marked(old);
  if (fs::exists(old, ec)) {
    throw OutputError(target_, "'" + old.string() + "' exists and is not carecast's; move it to replace the results");
  }
  fs::rename(target_, old, ec);
  if (ec) throw OutputError(target_, "cannot move the previous results aside: " + describe(ec));
  mark(old);  // so that a run killed before the removal below leaves a leftover the next one removes
  fs::rename(staging_, target_, ec);
  if (ec) {
    std::error_code ignored;
    fs::remove(old / kLeftoverMark, ignored);
    fs::rename(old, target_, ignored);  // put the previous results back
    throw OutputError(target_, "cannot rename '" + staging_.string() + "' into place: " + describe(ec));
  }
  committed_ = true;
  remove_quietly(old);
}

}  // namespace carecast::output
