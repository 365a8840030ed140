#include "scanners/git/libgit2_init.hpp"

#include <git2.h>

namespace gilfree::scanners {

void ensure_libgit2() {
  static const int initialised = git_libgit2_init();
  (void)initialised;
}

}  // namespace gilfree::scanners
