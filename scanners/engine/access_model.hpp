#pragma once
// The access model: per function, every access to a shared location (module
// global, class attribute, attribute of an instance, followed through local
// aliases and bound methods) with its kind, its place in the function's
// control flow (order, loop, the checks that guard it) and the locks held
// there. Relations over it (a check and an act with no lock covering both, a
// location locked in one place and mutated unlocked in another: RacerD's
// signal) are what the model-driven rules ask for.
//
// Built lazily by SemanticModel::access_model() the first time a rule asks:
// files in which no rule pattern needs a relation never pay for it.
#include <tree_sitter/api.h>

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace gilfree::scanners {

class SemanticModel;

enum class LocationScope : std::uint8_t { module_global, class_attribute, instance_attribute, lock_only };

// What is accessed: `name` is "x" for `x`, `self.x` or `Class.x`, and "a.b" for `self.a.b`.
struct Location {
  LocationScope scope = LocationScope::module_global;
  int class_index = -1;  // owner class of an attribute
  std::string name;
  bool thread_local_root = false;  // the root is a threading.local(): per-thread, not shared
};

enum class AccessOp : std::uint8_t {
  read,
  rebind,             // x = v, self.x = v
  read_modify_write,  // x += 1, x = x + 1
  grow,               // x.append(v), x.update(...)
  shrink,             // x.pop(k), x.clear()
  reorder,            // x.sort()
  item_store,         // x[k] = v, x[:] = v
  item_delete,        // del x[k]
  item_update,        // x[k] += 1
  iterate,            // for _ in x / x.items(), comprehensions over it
  snapshot,           // list(x), x.copy(): one call that copies
  check,              // read inside a condition: k in x, len(x), x.get(k), if x:, x is None, EAFP x[k]
  advance,            // next(x)
  escape,             // return x (or a view of it)
};
bool is_mutation(AccessOp op);  // changes the container or the binding's value in place

struct ModelAccess {
  int location = -1;
  AccessOp op = AccessOp::read;
  int function = -1;
  TSNode node{};            // the location expression as written (x, self.x, or the alias used)
  std::uint32_t order = 0;  // pre-order position in the function
  std::vector<int> locks;   // lock locations held, sorted
  int region = 0;           // innermost lock region (0: none)
  int guard = -1;           // innermost check guarding it (index into checks())
  int loop = 0;             // innermost loop (0: none)
  bool tolerant = false;    // pop(k, default), or inside a try that catches the lookup error
  bool appends = false;     // grows a sequence at its end (append, extend, insert): list iteration survives it
  std::string flows_to;     // the local a read is assigned to (`v = self.x`), if any
};

enum class CheckKind : std::uint8_t { content, identity };  // identity: `x is None` tests the binding, not the contents

struct ModelCheck {
  int location = -1;
  CheckKind kind = CheckKind::content;
  TSNode node{};  // the check's expression
  int region = 0;
  int parent = -1;  // the check around this one
};

// One reported instance of a relation: where, and the access it relates to.
struct RelationHit {
  TSNode related{};  // the check, the locked access, the publication ...
};

struct RelationInstance {
  TSNode node{};     // where: the access (reported span)
  TSNode related{};  // the check, locked access, publication ... ({related-line})
};

class AccessModel;

// The relations a rule may name with `relation:` (one table: loading, scanning, docs).
struct RelationInfo {
  const char* name;
  const char* description;
  void (*find)(const AccessModel& model, std::vector<RelationInstance>& out);
};
const std::vector<RelationInfo>& known_relations();
const RelationInfo* find_relation_info(const std::string& name);
std::vector<RelationInstance> find_relation(const std::string& name, const AccessModel& model);

class AccessModel {
 public:
  explicit AccessModel(const SemanticModel& model);

  const std::vector<Location>& locations() const { return locations_; }
  const std::vector<ModelAccess>& accesses() const { return accesses_; }
  const std::vector<ModelCheck>& checks() const { return checks_; }
  // The accesses whose location expression starts at `byte` (several ops may share one node).
  std::vector<const ModelAccess*> accesses_at(std::uint32_t byte) const;

  // Shared by construction or by evidence: module globals and class attributes
  // (not thread-locals), attributes of instances whose class owns a lock or
  // runs in threads, or that are accessed under a lock somewhere.
  bool is_shared(int location) const;

  // The relations (each true for an access, filling `hit` with the related node).
  bool check_then_act(const ModelAccess& act, RelationHit& hit) const;
  bool inconsistent_lock(const ModelAccess& access, RelationHit& hit) const;
  bool mutated_while_thread_iterates(const ModelAccess& access, RelationHit& hit) const;
  bool split_lock_update(const ModelAccess& write, RelationHit& hit) const;
  bool unlocked_advance(const ModelAccess& access, RelationHit& hit) const;
  // In teardown method `function`: the unlocked call to report and the locked use elsewhere.
  bool teardown_without_lock(int function, RelationInstance& found) const;
  bool handed_in(int location) const;  // bound to what the constructor was given
  // The iteration comes after its function set, under a lock, a flag that every
  // change of the container checks (any lock held at those changes counts).
  bool after_shutdown_flag(const ModelAccess& iteration) const;
  // A local container mutated after it was stored into shared state (`byte`: the mutated local's node).
  bool mutated_after_publish(std::uint32_t byte, RelationHit& hit) const;
  // In __init__, `call` starts a thread that can see self before `late` (an attribute others read) is assigned.
  bool thread_started_early(TSNode call, TSNode& late) const;
  const SemanticModel& semantic() const { return model_; }
  bool in_constructor_function(int function) const { return in_constructor(function); }
  // The file memoizes attributes (a memoizing decorator or a _memoized_attr_ method).
  bool memoizing_file() const;
  // The nodes of local containers changed in place (candidates of mutated_after_publish).
  std::vector<TSNode> local_mutations() const;

 private:
  struct Context;
  struct LocalEvent {  // for mutated_after_publish
    enum Kind : std::uint8_t { bind, mutate, publish } kind;
    std::string name;
    int function;
    std::uint32_t order;
    std::vector<int> loops;  // enclosing loops, outermost first
    std::uint32_t byte;
    TSNode node;
    int location = -1;  // for publish: where it went
    int region = 0;
  };

  bool may_share(int function);
  void walk_function(int function);
  void visit_block(TSNode block, Context& context);
  void visit_statement(TSNode node, Context& context, Context& after);
  void visit(TSNode node, Context& context);
  void visit_assignment(TSNode node, Context& context);
  void visit_call(TSNode node, Context& context);
  void visit_condition(TSNode condition, Context& context);
  void visit_iterated(TSNode expression, Context& context);
  void visit_target(TSNode target, TSNode value, Context& context, AccessOp op);
  int resolve(TSNode expression, const Context& context);
  int location_id(const Location& location);
  int lock_id(TSNode expression, const Context& context);
  void record(int location, AccessOp op, TSNode node, Context& context);
  void record_local(LocalEvent::Kind kind, TSNode name, Context& context, int location = -1);
  bool in_constructor(int function) const;
  struct LockStats {
    struct Counts {
      int held = 0, changes = 0, multi_step = 0, non_append = 0;
      std::vector<std::size_t> examples;  // accesses holding the lock, from up to two functions
    };
    std::map<int, Counts> total;                       // by lock
    std::map<int, std::map<int, Counts>> by_function;  // function -> lock -> counts
  };
  const LockStats& lock_stats(int location) const;
  const std::vector<std::size_t>& events_of_function(int function) const;
  static std::uint64_t location_function_key(int location, int function) {
    return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(location)) << 32) | static_cast<std::uint32_t>(function);
  }
  bool held_somewhere(const ModelAccess& access) const;
  bool lock_handed_in(const ModelAccess& access) const;
  bool after_thread_join(const ModelAccess& access) const;
  std::uint32_t first_thread_join(int function) const;
  bool confined_to_thread(int location) const;
  bool derived_from(const ModelAccess& read, const ModelAccess& write, std::string_view text) const;
  bool shutdown_protocol(const ModelAccess& iteration, int guard_lock) const;
  TSNode binding_value(int location) const;  // the value first bound to the location, or null  // lock known to the model or a helper run locked

  const SemanticModel& model_;
  std::vector<Location> locations_;
  std::map<std::tuple<int, int, std::string>, int> location_ids_;
  std::vector<ModelAccess> accesses_;
  std::vector<ModelCheck> checks_;
  std::vector<LocalEvent> local_events_;
  std::multimap<std::uint32_t, std::size_t> by_byte_;
  std::map<int, int> lock_aliases_;  // a Condition built on another lock -> that lock
  std::vector<std::vector<std::size_t>> by_location_;
  std::vector<std::vector<std::size_t>> iterations_;  // by location: its iterate accesses
  std::unordered_map<std::uint64_t, std::vector<std::size_t>> by_location_function_;
  std::vector<std::vector<std::size_t>> events_by_function_;
  std::unordered_map<std::uint32_t, std::size_t> mutations_by_byte_;  // local mutate events
  mutable std::map<int, LockStats> lock_stats_;
  mutable std::vector<std::uint8_t> constructor_;  // in_constructor, by function
  static constexpr std::uint32_t kNotComputed = UINT32_MAX - 1;
  mutable std::vector<std::uint32_t> first_thread_join_;  // first_thread_join, by function
  mutable int memoizing_ = -1;
  std::vector<std::string> shared_names_;  // module- and class-level containers and iterators
  bool shared_names_ready_ = false;
  int next_region_ = 1;
  int next_loop_ = 1;
  std::uint32_t order_ = 0;
};

}  // namespace gilfree::scanners
