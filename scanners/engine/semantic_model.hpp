#pragma once
// Semantic facts computed once per file, from one walk of the tree:
// scopes (module globals, `global`/`nonlocal`, class and instance attributes,
// locals), lock regions (`with <lock>:`, acquire()/release(), helpers only
// called under a lock), thread entry points and what they reach in the file,
// classes that own a lock, and every write or mutation of shared state with
// whether it happens under a lock (the lockset signal).
#include <tree_sitter/api.h>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "scanners/engine/access_model.hpp"
#include "scanners/engine/python_tree.hpp"
#include <memory>

namespace gilfree::scanners {

enum class ValueKind { other, none, dict, list, set, lock, semaphore, thread_local_data, iterator };
bool is_container(ValueKind kind);

enum class AccessKind { write, read_modify_write, mutate, grow, shrink };

// Where a piece of possibly shared state lives: a module global, an instance
// attribute or a class attribute (of the class at `class_index` in
// SemanticModel::classes()). The empty key (scope none) stands for a local.
struct StateKey {
  enum class Scope { none, global, instance, class_level };
  Scope scope = Scope::none;
  int class_index = -1;  // for instance and class_level
  std::string name;

  static StateKey global(std::string name) { return {Scope::global, -1, std::move(name)}; }
  static StateKey instance(int class_index, std::string name) { return {Scope::instance, class_index, std::move(name)}; }
  static StateKey of_class(int class_index, std::string name) { return {Scope::class_level, class_index, std::move(name)}; }
  bool empty() const { return scope == Scope::none; }
  bool is_global() const { return scope == Scope::global; }
  bool is_attribute() const { return scope == Scope::instance || scope == Scope::class_level; }
  auto operator<=>(const StateKey&) const = default;
};

// A write or mutation of something that may be shared. `key` is empty for locals.
struct Access {
  StateKey key;
  std::uint32_t byte = 0;
  int function = -1;
  AccessKind kind = AccessKind::write;
  bool locked = false;
};

struct FunctionScope {
  TSNode node{};  // the function_definition or lambda
  std::uint32_t start = 0, end = 0;
  std::string name;
  int parent = -1;       // enclosing function
  int class_index = -1;  // the class when this is a method
  std::string first_param;
  bool is_static = false, is_classmethod = false;
  bool memoized = false;          // @cached_property, @lru_cache, _memoized_attr_x: its result is kept
  bool context_manager = false;   // @contextmanager, __enter__, __exit__
  bool has_yield = false;
  std::set<std::string> globals, nonlocals, bound;
  std::map<std::string, ValueKind> local_kinds;
  std::map<std::string, TSNode> local_values;  // first value bound to each local
  // Views into the file's text, which outlives the model.
  std::vector<std::pair<std::string_view, std::uint32_t>> called_names;    // f(...)
  std::vector<std::pair<std::string_view, std::uint32_t>> called_methods;  // self.m(...)
  std::vector<std::pair<std::string_view, std::uint32_t>> called_elsewhere;  // other._m(...): private methods on other objects
  bool thread_entry = false;
  bool thread_reachable = false;
  bool body_locked = false;  // only ever called with a lock held
  bool serialized = false;   // a decorator given a lock (`@synchronized(l)`, `lock=`, `condition=`) runs it locked
};

struct ClassScope {
  std::uint32_t start = 0, end = 0;
  std::string name;
  std::string bases;
  int function = -1;  // enclosing function, -1 at module level
  std::map<std::string, ValueKind> class_attrs;
  std::map<std::string, ValueKind> instance_attrs;
  std::set<std::string> instance_assigned;  // every `self.x = ...` name
  std::set<std::string> locked_uses;        // `self.x` read or written under a lock in a method
  std::vector<int> methods;
  bool owns_lock = false;
  bool thread_subclass = false;
  bool thread_used = false;
  // A singleton (`_instance` class attribute): its one instance is everyone's.
  bool shared_by_design = false;
};

// Lets a caller collect nodes of other kinds from the model's one walk of the
// tree (the rule matcher's pattern roots), instead of walking it again.
struct NodeTap {
  const std::vector<std::uint8_t>* symbols = nullptr;  // wanted[symbol] != 0
  std::function<void(TSNode)> visit;                   // receives them in document order
};

class SemanticModel {
 public:
  SemanticModel(const PythonTree& tree, std::string_view path, const NodeTap& tap = {});
  SemanticModel(const SemanticModel&) = delete;  // accesses_by_key_ points into accesses_
  SemanticModel& operator=(const SemanticModel&) = delete;

  const PythonTree& tree() const { return tree_; }
  bool is_test_file() const { return test_file_; }
  const std::string& path() const { return path_; }
  // The file runs an asyncio event loop's code (loop-confined unless it says otherwise).
  bool is_event_loop_file() const { return asyncio_file_; }
  // The file deals with threads: imports threading, _thread, concurrent.futures,
  // queue or multiprocessing, holds a lock somewhere, or starts a thread.
  bool is_thread_aware() const;
  // A user-interface file (tkinter, turtle, idlelib, curses, _pyrepl): its event loop runs on one thread.
  bool is_gui_file() const;
  const std::vector<FunctionScope>& functions() const { return functions_; }
  const std::vector<ClassScope>& classes() const { return classes_; }
  const std::vector<Access>& accesses() const { return accesses_; }
  // The accesses of one key (empty for an unknown key).
  const std::vector<const Access*>& accesses_of(const StateKey& key) const;

  int function_at(std::uint32_t byte) const;  // innermost enclosing function, -1 at module level
  int class_of_function(int function) const;   // the method's class or -1
  bool locked_at(std::uint32_t byte) const;
  bool lock_region_within(std::uint32_t start, std::uint32_t end) const;  // a lock region starts in [start, end)
  bool in_loop(TSNode node) const;

  // The shared-state key an expression refers to from where it appears (empty for a local).
  StateKey key_of(TSNode expression) const;
  ValueKind kind_of_key(const StateKey& key) const;
  ValueKind kind_of(TSNode expression) const;  // locals included
  bool is_lock_expression(TSNode expression, bool include_semaphores) const;
  bool is_shared_class(int class_index) const;
  bool is_parameter(TSNode name) const;  // an identifier naming a parameter of the function it is used in  // owns a lock or used by threads
  const std::set<std::string>& module_names() const { return module_bound_; }
  // Module-level names bound by assignment (not def, class or import), and names declared global.
  const std::set<std::string>& module_values() const { return module_values_; }
  int module_class(const std::string& name) const;  // the module-level class of that name or -1
  // Functions called only from module level (run at import, under the import lock).
  bool import_time_only(int function) const;
  // The access model, built on first use (most files never need it).
  const AccessModel& access_model() const;
  // Suppressions: line -> rule ids ("*" for all) from `# gilfree: ignore[...]`.
  const std::map<int, std::set<std::string>>& suppressions() const { return suppressions_; }

 private:
  struct WithItem {
    TSNode value;
    std::uint32_t body_start, body_end;
  };
  struct AcquireCall {
    TSNode statement;  // expression_statement holding X.acquire()
    TSNode receiver;
  };
  struct EntryTarget {
    TSNode target;
    int function;
  };
  struct SelfAttribute {  // `self.x` inside a method, kept until lock regions are known
    std::uint32_t byte;
    TSNode attribute;
    int class_index;
  };
  struct RawAccess {
    TSNode expression;  // the container / target expression
    std::uint32_t byte;
    int function;
    AccessKind kind;
  };

  void visit(TSNode node, TSSymbol symbol);  // `symbol` is one of interesting_symbols()
  void enter_function(TSNode node);
  void record_decorators(TSNode node);
  void enter_class(TSNode node);
  void bind_target(TSNode target, TSNode value, int function, int class_index, AccessKind kind);
  void bind_name(const std::string& name, TSNode value, int function, int class_index);
  void visit_call(TSNode node, int function);
  void visit_comment(TSNode node);
  void record_imported_packages(TSNode statement);
  bool imports_any(std::initializer_list<std::string_view> packages) const;
  void visit_attribute(TSNode node, int function);
  void record_locked_uses();
  void record_entry_call(TSNode call, std::string_view callee, int function);
  void resolve_scopes();
  void compute_lock_regions();
  // How often each name is called, and how often with a lock held: plain
  // calls file-wide, `self.m()` calls per class (from its methods).
  struct CallSites {
    struct Count {
      int calls = 0, locked = 0;
    };
    using Counts = std::unordered_map<std::string_view, Count>;
    Counts module;
    std::vector<Counts> by_class;
    Counts private_methods;  // other._m(...) calls, by method name
  };
  CallSites count_call_sites() const;
  void compute_thread_reachability();
  void mark_entry(TSNode target, int function);
  std::vector<int> functions_named(std::string_view name, int from_function) const;
  ValueKind classify(TSNode value) const;
  // The innermost function and class of the walk's current position (frames_).
  int current_function() const;
  int current_class() const;

  const PythonTree& tree_;
  bool test_file_ = false;
  std::string path_;
  bool asyncio_file_ = false;
  std::set<std::string> module_values_;
  std::set<std::string> lock_attribute_names_;  // attributes some class binds to a Lock()
  std::set<std::string> module_level_calls_;
  std::set<std::string> module_instances_;  // classes instantiated by module-level assignments  // names called in module-level statements
  mutable std::unique_ptr<AccessModel> access_model_;
  mutable int thread_aware_ = -1;  // is_thread_aware(), once computed
  std::set<std::string, std::less<>> imported_packages_;  // record_imported_packages()
  mutable int gui_file_ = -1;
  std::vector<FunctionScope> functions_;
  std::vector<ClassScope> classes_;
  std::map<std::string, ValueKind> module_kinds_;
  std::set<std::string> module_bound_;
  std::map<std::string, int> module_classes_;
  std::vector<WithItem> with_items_;
  std::vector<AcquireCall> acquires_;
  std::vector<EntryTarget> entry_targets_;
  std::vector<RawAccess> raw_accesses_;
  std::vector<SelfAttribute> self_attributes_;
  std::vector<Access> accesses_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> lock_regions_;
  // lock_regions_ sorted by start, with the largest end among each prefix, so
  // locked_at() is a binary search (files may hold thousands of regions).
  std::vector<std::pair<std::uint32_t, std::uint32_t>> sorted_regions_;
  std::vector<std::uint32_t> prefix_max_end_;
  std::map<StateKey, std::vector<const Access*>> accesses_by_key_;
  void index_lock_regions();
  std::vector<std::pair<std::uint32_t, std::uint32_t>> loops_;
  std::map<int, std::set<std::string>> suppressions_;
  // Scope stack during the walk: (end byte, function index or -1, class index or -1).
  struct Frame {
    std::uint32_t end;
    int function;
    int class_index;
  };
  std::vector<Frame> frames_;
  // Decorators of definitions not entered yet (innermost last), by the
  // definition's start byte.
  struct Decoration {
    std::uint32_t definition_start = 0;
    bool is_static = false, is_classmethod = false, memoized = false, context_manager = false, serialized = false;
  };
  std::vector<Decoration> decorations_;
  // The decorations recorded for the definition starting there (none: all false).
  Decoration take_decoration(std::uint32_t definition_start);
};

// Text helpers shared with facts.cpp.
std::string_view last_name_component(std::string_view dotted);
bool looks_like_lock_name(std::string_view name);

}  // namespace gilfree::scanners
