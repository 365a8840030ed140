#pragma once
// Finding and ending every process a child started, wherever it went: its own process
// group, a new session (setsid), a double fork that left it orphaned. Each child that
// asks for it carries a token in its environment (GILFREE_CHILD_TOKEN, inherited by its
// descendants); gilfree is their child subreaper, so orphans come back to it and are
// reaped instead of lingering under init.
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace gilfree::runtime {

inline constexpr const char* kChildTokenVariable = "GILFREE_CHILD_TOKEN";

// A token no other child of any gilfree carries: "<pid>.<clock>.<counter>".
std::string new_child_token();

// GILFREE_CHILD_TOKEN's value for a child: the tokens it inherits from an outer gilfree
// (a gilfree run inside a test), then `token`, colon-separated.
std::string token_list_with(std::string_view token);

// Whether a GILFREE_CHILD_TOKEN value (the list) holds `token`.
bool token_list_has(std::string_view list, std::string_view token);

// Live processes (not zombies) whose environment holds `token`.
std::vector<int> processes_with_token(std::string_view token);

// Makes this process the reaper of its orphaned descendants (PR_SET_CHILD_SUBREAPER).
void become_subreaper();

// Kills every process holding `token` (again while any is left: one may fork while it
// dies) and reaps those re-parented to us. Bounded in time.
void end_processes_with_token(std::string_view token);

// Kills and reaps every child of this process that run_child is not waiting for: the
// orphans that carried no token (they cleared their environment). For the end of a run,
// when no child of ours may be running on purpose.
void end_orphans();

// run_child's own children, which the orphan reaping must leave to it: fork under
// the lock, then register the pid; unregister once reaped.
std::unique_lock<std::mutex> lock_direct_children();
void add_direct_child(int pid);      // with the lock held
void remove_direct_child(int pid);

}  // namespace gilfree::runtime
