#pragma once
// The curated knowledge file (rules/packages/free_threading.yaml): for known
// packages, whether they support free-threaded CPython, from which version,
// and where and when that fact was established. Packages not in it are
// "unknown"; nothing is inferred.
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

namespace gilfree::scanners {

enum class PackageStatus {
  supported,    // free-threaded wheels or declared support from `first_version` on
  unsupported,  // no release declares support (e.g. abandoned before CPython 3.13)
  pure_python,  // no compiled parts: cannot re-enable the GIL (its own thread-safety aside)
  unknown       // compiled parts, status not established
};

std::string_view status_name(PackageStatus status);

struct PackageFact {
  std::string name;           // as written in the file
  PackageStatus status = PackageStatus::unknown;
  std::string first_version;  // a version, or "unknown"
  std::string source;         // where the fact comes from (release notes, tracker...)
  std::string url;            // optional
  std::string date;           // YYYY-MM or YYYY-MM-DD: when the source says so
  std::string note;           // optional
  int line = 0;
};

class Knowledge {
 public:
  // Loads and validates the file; every problem is collected and the first is
  // thrown as a UserError naming file:line (with the count of the others).
  static Knowledge load(const std::filesystem::path& file);
  // The shipped file (source tree or installed share/gilfree); UserError if missing.
  static Knowledge load_shipped();

  const PackageFact* find(const std::string& name) const;  // any spelling; normalized here
  std::size_t size() const { return facts_.size(); }
  const std::map<std::string, PackageFact>& facts() const { return facts_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  std::map<std::string, PackageFact> facts_;  // by normalized name
};

}  // namespace gilfree::scanners
