#pragma once

namespace gilfree::scanners {

// libgit2 must be initialised once per process before any other call; it is
// never shut down because handles may outlive any scope we could pick. It is
// called lazily so that scans that never touch git never start libgit2 (whose
// start-up reads the system's certificates).
void ensure_libgit2();

}  // namespace gilfree::scanners
