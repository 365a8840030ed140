#include "scanners/git/blob_id.hpp"

#include <git2.h>

#include <stdexcept>

#include "scanners/git/libgit2_init.hpp"

namespace gilfree::scanners {

std::string blob_id_of(const std::string& content) {
  ensure_libgit2();
  git_oid oid;
  if (git_odb_hash(&oid, content.data(), content.size(), GIT_OBJECT_BLOB) < 0) {
    throw std::runtime_error("hashing a blob failed");
  }
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof hex, &oid);
  return hex;
}

}  // namespace gilfree::scanners
