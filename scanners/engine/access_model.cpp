#include "scanners/engine/access_model.hpp"

#include <algorithm>
#include <set>
#include <tuple>

#include "common/text_search.hpp"
#include "scanners/engine/python_tree.hpp"
#include "scanners/engine/semantic_model.hpp"

namespace gilfree::scanners {
namespace {

// A node's named children, listed in one pass over its subtree layout
// (ts_node_named_child(node, i) walks from the first child each time).
class NamedChildren {
 public:
  explicit NamedChildren(TSNode node) {
    if (ts_node_is_null(node)) return;
    gilfree_child buffer[kInline];
    auto total = gilfree_visible_children(node, buffer, kInline);
    const gilfree_child* children = buffer;
    std::vector<gilfree_child> heap;
    if (total > kInline) {
      heap.resize(total);
      gilfree_visible_children(node, heap.data(), total);
      children = heap.data();
    }
    for (std::uint32_t i = 0; i < total; ++i) {
      if (!children[i].named) continue;
      if (count_ < kInline) inline_[count_] = children[i].node;
      else overflow_.push_back(children[i].node);
      ++count_;
    }
  }
  std::uint32_t size() const { return count_; }
  TSNode operator[](std::uint32_t i) const { return i < kInline ? inline_[i] : overflow_[i - kInline]; }

 private:
  static constexpr std::uint32_t kInline = 16;
  TSNode inline_[kInline];
  std::vector<TSNode> overflow_;
  std::uint32_t count_ = 0;
};

const std::set<std::string_view> kGrow = {"append", "extend", "insert", "add", "update", "appendleft", "extendleft",
                                          "__setitem__"};
const std::set<std::string_view> kShrink = {"remove", "pop", "popitem", "clear", "discard", "popleft",
                                            "difference_update", "intersection_update", "__delitem__"};
const std::set<std::string_view> kReorder = {"sort", "reverse", "rotate", "symmetric_difference_update"};
const std::set<std::string_view> kChecks = {"get", "__contains__", "count", "index", "setdefault"};
const std::set<std::string_view> kViews = {"items", "keys", "values", "iteritems", "itervalues", "iterkeys"};
const std::set<std::string_view> kCopiers = {"list", "tuple", "sorted", "dict", "set", "frozenset", "copy", "deepcopy"};
const std::set<std::string_view> kLookupErrors = {"KeyError", "LookupError", "IndexError", "AttributeError", "ValueError"};
const std::set<std::string_view> kAppends = {"append", "extend", "insert", "appendleft", "extendleft"};
const std::set<std::string> kConstructors = {"__init__", "__new__", "__post_init__", "__init_subclass__",
                                             "__set_name__", "setUp", "setUpClass", "__setstate__", "__del__"};

bool is_exit(TSNode statement) {
  auto type = node_type(statement);
  return type == "return_statement" || type == "raise_statement" || type == "continue_statement" ||
         type == "break_statement";
}

TSNode last_statement(TSNode block) {
  TSNode last{};
  if (const NamedChildren kids_i(block); true) for (std::uint32_t i = 0; i < kids_i.size(); ++i) {
    TSNode child = kids_i[i];
    if (node_type(child) != "comment") last = child;
  }
  return last;
}

bool catches_lookup_error(const PythonTree& tree, TSNode try_statement) {
  if (const NamedChildren kids_i(try_statement); true) for (std::uint32_t i = 0; i < kids_i.size(); ++i) {
    TSNode clause = kids_i[i];
    if (node_type(clause) != "except_clause") continue;
    TSNode caught = safe_named_child(clause, 0);
    if (node_type(caught) == "block") continue;  // bare except: not a lookup on purpose
    auto text = tree.node_text(caught);
    for (auto name : kLookupErrors) {
      if (contains_text(text, name)) return true;
    }
  }
  return false;
}

bool intersects(const std::vector<int>& a, const std::vector<int>& b) {
  for (int x : a) {
    if (std::binary_search(b.begin(), b.end(), x)) return true;
  }
  return false;
}

bool contains_word(std::string_view text, std::string_view word) {
  auto is_name = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (auto at = find_text(text, word); at != std::string_view::npos; at = find_text(text, word, at + 1)) {
    bool left = at == 0 || !is_name(text[at - 1]);
    bool right = at + word.size() >= text.size() || !is_name(text[at + word.size()]);
    if (left && right) return true;
  }
  return false;
}


}  // namespace

bool is_mutation(AccessOp op) {
  switch (op) {
    case AccessOp::read_modify_write:
    case AccessOp::grow:
    case AccessOp::shrink:
    case AccessOp::reorder:
    case AccessOp::item_store:
    case AccessOp::item_delete:
    case AccessOp::item_update: return true;
    default: return false;
  }
}

// Per-function state of the walk, shared by every context of that function.
struct FunctionState {
  std::map<std::string, int> aliases;                               // local -> location (`d = self._d`)
  std::map<std::string, std::pair<int, std::string>> bound_methods;  // `add = self._d.add`
  std::map<std::string, int> lookups;                               // `v = self._d.get(k)`
};

struct AccessModel::Context {
  int function = -1;
  FunctionState* state = nullptr;
  std::vector<int> locks;
  std::vector<std::string> acquired;  // text of locks taken with acquire() in this block
  std::vector<int> acquired_ids;      // their lock locations
  int outer_region = 0;               // the region before the first acquire() of this block
  int region = 0;
  int guard = -1;
  std::vector<int> loops;
  bool in_condition = false;
  std::vector<int>* eafp = nullptr;  // checks made by lookups inside a try that catches KeyError
  bool tolerant = false;             // inside a try that catches KeyError/IndexError/RuntimeError
  bool identity = false;             // operands of `is` / `is not`
  std::string assigning_to;
  int depth = 0;
};

AccessModel::AccessModel(const SemanticModel& model) : model_(model) {
  for (std::size_t f = 0; f < model.functions().size(); ++f) {
    if (node_type(model.functions()[f].node) == "function_definition" && may_share(static_cast<int>(f))) {
      walk_function(static_cast<int>(f));
    }
  }
  // `self.not_empty = threading.Condition(self.mutex)`: holding the condition is holding the mutex.
  for (auto& access : accesses_) {
    for (auto& lock : access.locks) {
      auto alias = lock_aliases_.find(lock);
      if (alias != lock_aliases_.end()) lock = alias->second;
    }
    std::sort(access.locks.begin(), access.locks.end());
    access.locks.erase(std::unique(access.locks.begin(), access.locks.end()), access.locks.end());
  }
  by_location_.resize(locations_.size());
  iterations_.resize(locations_.size());
  for (std::size_t i = 0; i < accesses_.size(); ++i) {
    const auto& access = accesses_[i];
    by_byte_.emplace(ts_node_start_byte(access.node), i);
    by_location_[static_cast<std::size_t>(access.location)].push_back(i);
    by_location_function_[location_function_key(access.location, access.function)].push_back(i);
    if (access.op == AccessOp::iterate) iterations_[static_cast<std::size_t>(access.location)].push_back(i);
  }
  events_by_function_.resize(model.functions().size());
  for (std::size_t e = 0; e < local_events_.size(); ++e) {
    events_by_function_[static_cast<std::size_t>(local_events_[e].function)].push_back(e);
    if (local_events_[e].kind == LocalEvent::mutate) mutations_by_byte_.emplace(local_events_[e].byte, e);
  }
}

// Whether a function can touch state another thread sees, so that walking it
// can matter: a method of a shared class or of a class with a lock region in
// some method, code run by threads or holding a lock, or a function that names
// a module- or class-level container or calls next(). Most functions of most
// files are none of these, and the walk is most of the model's cost.
bool AccessModel::may_share(int function) {
  if (shared_names_.empty() && !shared_names_ready_) {
    shared_names_ready_ = true;
    for (const auto& name : model_.module_values()) {
      auto kind = model_.kind_of_key(StateKey::global(name));
      if (is_container(kind) || kind == ValueKind::iterator) shared_names_.push_back(name);
    }
    for (const auto& owner : model_.classes()) {
      for (const auto& [name, kind] : owner.class_attrs) {
        if (is_container(kind) || kind == ValueKind::iterator) shared_names_.push_back(name);
      }
    }
  }
  const auto& functions = model_.functions();
  const auto& scope = functions[static_cast<std::size_t>(function)];
  if (scope.thread_reachable || model_.lock_region_within(scope.start, scope.end)) return true;
  for (int f = function; f >= 0; f = functions[static_cast<std::size_t>(f)].parent) {
    int owner = functions[static_cast<std::size_t>(f)].class_index;
    if (owner < 0) continue;
    if (model_.is_shared_class(owner)) return true;
    for (int method : model_.classes()[static_cast<std::size_t>(owner)].methods) {
      const auto& other = functions[static_cast<std::size_t>(method)];
      if (model_.lock_region_within(other.start, other.end)) return true;
    }
  }
  auto body = model_.tree().text().substr(scope.start, scope.end - scope.start);
  if (contains_text(body, "next(")) return true;
  if (memoizing_file() && contains_text(body, "__dict__")) return true;
  // A flag set and reset around the work (a busy or re-entrancy guard).
  if (contains_text(body, "= True") && contains_text(body, "= False")) return true;
  return std::any_of(shared_names_.begin(), shared_names_.end(),
                     [&](const std::string& name) { return contains_text(body, name); });
}

void AccessModel::walk_function(int function) {
  FunctionState state;
  Context context;
  context.function = function;
  context.state = &state;
  order_ = 0;
  visit_block(node_field(model_.functions()[static_cast<std::size_t>(function)].node, "body"), context);
}

int AccessModel::location_id(const Location& location) {
  auto key = std::make_tuple(static_cast<int>(location.scope), location.class_index, location.name);
  auto [it, inserted] = location_ids_.emplace(key, static_cast<int>(locations_.size()));
  if (inserted) locations_.push_back(location);
  return it->second;
}

// The instance (or class) a name stands for inside `function`: its own first
// parameter, or the enclosing method's when a nested function uses it as a closure.
static int owner_of_self(const SemanticModel& model, int function, std::string_view name, bool& class_level) {
  for (int f = function; f >= 0; f = model.functions()[static_cast<std::size_t>(f)].parent) {
    const auto& scope = model.functions()[static_cast<std::size_t>(f)];
    if (scope.class_index >= 0 && !scope.is_static && scope.first_param == name) {
      class_level = scope.is_classmethod;
      return scope.class_index;
    }
    // A nested function taking `self`/`_self` first is made into a method of the enclosing class.
    if (f == function && scope.first_param == name && !name.empty() && name.size() >= 4 &&
        name.compare(name.size() - 4, 4, "self") == 0) {
      for (int p = scope.parent; p >= 0; p = model.functions()[static_cast<std::size_t>(p)].parent) {
        int owner = model.functions()[static_cast<std::size_t>(p)].class_index;
        if (owner >= 0) {
          class_level = false;
          return owner;
        }
      }
    }
    if (scope.bound.count(std::string(name))) return -1;
  }
  return -1;
}

int AccessModel::resolve(TSNode expression, const Context& context) {
  const auto& tree = model_.tree();
  auto type = node_type(expression);
  if (type == "identifier") {
    std::string name(tree.node_text(expression));
    auto alias = context.state->aliases.find(name);
    if (alias != context.state->aliases.end()) {
      return alias->second;
    }
    for (int f = context.function; f >= 0; f = model_.functions()[static_cast<std::size_t>(f)].parent) {
      const auto& scope = model_.functions()[static_cast<std::size_t>(f)];
      if (scope.globals.count(name)) break;
      if (scope.bound.count(name) || scope.nonlocals.count(name)) return -1;
    }
    if (!model_.module_values().count(name)) return -1;
    return location_id(Location{LocationScope::module_global, -1, name,
                                model_.kind_of_key(StateKey::global(name)) == ValueKind::thread_local_data});
  }
  if (type != "attribute") return -1;
  // Flatten a.b.c; only plain attribute chains name a location.
  std::vector<std::string_view> parts;
  TSNode root = expression;
  while (node_type(root) == "attribute") {
    parts.push_back(tree.node_text(node_field(root, "attribute")));
    root = node_field(root, "object");
  }
  std::reverse(parts.begin(), parts.end());
  Location location;
  bool class_level = false;
  if (node_type(root) == "call" && tree.node_text(node_field(root, "function")) == "type") {
    TSNode arguments = node_field(root, "arguments");
    root = safe_named_child(arguments, 0);
    class_level = true;
  }
  if (node_type(root) != "identifier") return -1;
  auto root_name = tree.node_text(root);
  if (!parts.empty() && parts.front() == "__class__") {
    parts.erase(parts.begin());
    class_level = true;
  }
  if (parts.empty()) return -1;
  bool self_level = false;
  int owner = owner_of_self(model_, context.function, root_name, self_level);
  class_level = class_level || self_level;
  std::string name;
  for (auto part : parts) name += (name.empty() ? "" : ".") + std::string(part);
  if (owner >= 0) {
    const auto& scope = model_.classes()[static_cast<std::size_t>(owner)];
    std::string first(parts.front());
    for (int method : scope.methods) {
      if (model_.functions()[static_cast<std::size_t>(method)].name == first) return -1;  // a method, not state
    }
    bool class_attribute = class_level || (scope.class_attrs.count(first) && !scope.instance_assigned.count(first));
    location.scope = class_attribute ? LocationScope::class_attribute : LocationScope::instance_attribute;
    location.class_index = owner;
  } else {
    int cls = model_.module_class(std::string(root_name));
    bool shadowed = false;
    for (int f = context.function; f >= 0; f = model_.functions()[static_cast<std::size_t>(f)].parent) {
      if (model_.functions()[static_cast<std::size_t>(f)].bound.count(std::string(root_name))) shadowed = true;
    }
    if (shadowed) return -1;
    if (cls >= 0) {
      location.scope = LocationScope::class_attribute;
      location.class_index = cls;
    } else if (model_.module_values().count(std::string(root_name))) {
      location.scope = LocationScope::module_global;
      name = std::string(root_name) + "." + name;
      location.thread_local_root = model_.kind_of_key(StateKey::global(std::string(root_name))) == ValueKind::thread_local_data;
    } else {
      return -1;
    }
  }
  location.name = name;
  return location_id(location);
}

int AccessModel::lock_id(TSNode expression, const Context& context) {
  int id = resolve(expression, context);
  if (id >= 0) return id;
  return location_id(Location{LocationScope::lock_only, -1, std::string(model_.tree().node_text(expression))});
}

void AccessModel::record(int location, AccessOp op, TSNode node, Context& context) {
  if (location < 0) return;
  if (context.in_condition && (op == AccessOp::read || op == AccessOp::snapshot)) op = AccessOp::check;
  ModelAccess access;
  access.location = location;
  access.op = op;
  access.function = context.function;
  access.node = node;
  access.order = order_++;
  access.locks = context.locks;
  access.region = context.region;
  access.guard = context.guard;
  access.loop = context.loops.empty() ? 0 : context.loops.back();
  access.tolerant = context.tolerant;
  if (!is_mutation(op) && op != AccessOp::rebind) access.flows_to = context.assigning_to;
  accesses_.push_back(std::move(access));
  if (op == AccessOp::check) {
    checks_.push_back(ModelCheck{location, context.identity ? CheckKind::identity : CheckKind::content, node,
                                 context.region, context.guard});
    context.guard = static_cast<int>(checks_.size()) - 1;
  }
}

void AccessModel::record_local(LocalEvent::Kind kind, TSNode name, Context& context, int location) {
  LocalEvent event{kind, std::string(model_.tree().node_text(name)), context.function, order_++, context.loops,
                   ts_node_start_byte(name), name, location, context.region};
  local_events_.push_back(std::move(event));
}

void AccessModel::visit_block(TSNode block, Context& context) {
  Context current = context;
  if (const NamedChildren kids_i(block); true) for (std::uint32_t i = 0; i < kids_i.size(); ++i) {
    TSNode statement = kids_i[i];
    if (node_type(statement) == "comment") continue;
    Context after = current;
    visit_statement(statement, current, after);
    current = std::move(after);
  }
  context.state = current.state;
}

void AccessModel::visit_statement(TSNode node, Context& context, Context& after) {
  const auto& tree = model_.tree();
  auto type = node_type(node);
  if (type == "function_definition" || type == "class_definition" || type == "decorated_definition") return;
  if (type == "if_statement") {
    Context checked = context;
    visit_condition(node_field(node, "condition"), checked);
    Context body = context;
    body.guard = checked.guard;
    visit_block(node_field(node, "consequence"), body);
    bool has_else = false;
    if (const NamedChildren kids_i(node); true) for (std::uint32_t i = 0; i < kids_i.size(); ++i) {
      TSNode clause = kids_i[i];
      auto clause_type = node_type(clause);
      if (clause_type == "elif_clause") {
        Context branch = body;
        visit_condition(node_field(clause, "condition"), branch);
        visit_block(node_field(clause, "consequence"), branch);
      } else if (clause_type == "else_clause") {
        has_else = true;
        Context branch = body;
        visit_block(node_field(clause, "body"), branch);
      }
    }
    // `if not ok: return` guards everything after it in the block.
    if (!has_else && is_exit(last_statement(node_field(node, "consequence")))) after.guard = checked.guard;
    return;
  }
  if (type == "with_statement") {
    Context body = context;
    TSNode clause = safe_named_child(node, 0);
    if (const NamedChildren kids_i(clause); true) for (std::uint32_t i = 0; i < kids_i.size(); ++i) {
      TSNode value = node_field(kids_i[i], "value");
      if (node_type(value) == "as_pattern") value = safe_named_child(value, 0);
      if (model_.is_lock_expression(value, true)) {
        int lock = lock_id(value, context);
        if (!std::binary_search(body.locks.begin(), body.locks.end(), lock)) {
          body.locks.insert(std::upper_bound(body.locks.begin(), body.locks.end(), lock), lock);
        }
        body.region = next_region_++;
      } else {
        visit(value, body);
      }
    }
    visit_block(node_field(node, "body"), body);
    return;
  }
  if (type == "for_statement" || type == "while_statement") {
    Context loop = context;
    if (type == "for_statement") {
      visit_iterated(node_field(node, "right"), loop);
      visit_target(node_field(node, "left"), TSNode{}, loop, AccessOp::rebind);
    } else {
      visit_condition(node_field(node, "condition"), loop);
    }
    loop.loops.push_back(next_loop_++);
    visit_block(node_field(node, "body"), loop);
    TSNode alternative = node_field(node, "alternative");
    if (!ts_node_is_null(alternative)) {
      Context rest = context;
      visit_block(node_field(alternative, "body"), rest);
    }
    return;
  }
  if (type == "try_statement") {
    Context body = context;
    std::vector<int> lookups;
    bool eafp = catches_lookup_error(tree, node);
    if (eafp) body.eafp = &lookups;
    if (eafp || contains_text(tree.node_text(node), "RuntimeError")) body.tolerant = true;
    visit_block(node_field(node, "body"), body);
    body.eafp = nullptr;
    Context handlers = context;
    for (int check : lookups) {
      checks_[static_cast<std::size_t>(check)].parent = handlers.guard;
      handlers.guard = check;
    }
    if (const NamedChildren kids_i(node); true) for (std::uint32_t i = 0; i < kids_i.size(); ++i) {
      TSNode clause = kids_i[i];
      auto clause_type = node_type(clause);
      if (clause_type == "except_clause" || clause_type == "else_clause" || clause_type == "finally_clause") {
        Context branch = clause_type == "finally_clause" ? context : handlers;
        TSNode block = node_type(clause) == "else_clause" ? node_field(clause, "body") : last_statement(clause);
        if (node_type(block) == "block") visit_block(block, branch);
      }
    }
    if (eafp && !lookups.empty()) after.guard = handlers.guard;
  } else if (type == "return_statement") {
    TSNode value = safe_named_child(node, 0);
    TSNode target = value;
    if (node_type(value) == "call") {
      TSNode callee = node_field(value, "function");
      if (node_type(callee) == "attribute" && kViews.count(tree.node_text(node_field(callee, "attribute")))) {
        target = node_field(callee, "object");
      }
    }
    int location = resolve(target, context);
    if (location >= 0 && !context.locks.empty()) record(location, AccessOp::escape, target, context);
    visit(value, context);
  } else {
    visit(node, context);
  }
  // acquire() and release() as statements of this block.
  if (type != "expression_statement" && type != "try_statement") return;
  auto text = tree.node_text(node);
  for (std::size_t i = 0; i < after.acquired.size(); ++i) {
    const auto& held = after.acquired[i];
    bool by_function = held.size() >= 12 && held.compare(held.size() - 12, 12, "release_lock") == 0;
    if (text.find(by_function ? held + "(" : held + ".release(") == std::string_view::npos) continue;
    int released = after.acquired_ids[i];
    after.acquired.erase(after.acquired.begin() + static_cast<std::ptrdiff_t>(i));
    after.acquired_ids.erase(after.acquired_ids.begin() + static_cast<std::ptrdiff_t>(i));
    after.locks.erase(std::remove(after.locks.begin(), after.locks.end(), released), after.locks.end());
    if (after.acquired.empty()) after.region = context.outer_region;
    break;
  }
  TSNode call = safe_named_child(node, 0);
  if (type != "expression_statement" || node_type(call) != "call") return;
  TSNode callee = node_field(call, "function");
  // `_imp.acquire_lock()` ... `_imp.release_lock()`: a process-wide lock taken by function.
  auto callee_text = tree.node_text(callee);
  if (last_name_component(callee_text) == "acquire_lock") {
    auto prefix = callee_text.substr(0, callee_text.size() - std::string_view("acquire_lock").size());
    int id = location_id(Location{LocationScope::lock_only, -1, std::string(callee_text)});
    if (!std::binary_search(after.locks.begin(), after.locks.end(), id)) {
      after.locks.insert(std::upper_bound(after.locks.begin(), after.locks.end(), id), id);
    }
    if (after.acquired.empty()) after.outer_region = after.region;
    after.acquired.push_back(std::string(prefix) + "release_lock");  // released by `<prefix>release_lock(`
    after.acquired_ids.push_back(id);
    after.region = next_region_++;
    return;
  }
  if (node_type(callee) != "attribute" || tree.node_text(node_field(callee, "attribute")) != "acquire") return;
  TSNode lock = node_field(callee, "object");
  if (!model_.is_lock_expression(lock, false)) return;
  int id = lock_id(lock, context);
  if (!std::binary_search(after.locks.begin(), after.locks.end(), id)) {
    after.locks.insert(std::upper_bound(after.locks.begin(), after.locks.end(), id), id);
  }
  if (after.acquired.empty()) after.outer_region = after.region;
  after.acquired.emplace_back(tree.node_text(lock));
  after.acquired_ids.push_back(id);
  after.region = next_region_++;
}

void AccessModel::visit_condition(TSNode condition, Context& context) {
  bool was = context.in_condition;
  context.in_condition = true;
  visit(condition, context);
  context.in_condition = was;
}

void AccessModel::visit_iterated(TSNode expression, Context& context) {
  const auto& tree = model_.tree();
  TSNode target = expression;
  if (node_type(expression) == "call") {
    TSNode callee = node_field(expression, "function");
    TSNode arguments = node_field(expression, "arguments");
    if (node_type(callee) == "attribute" && kViews.count(tree.node_text(node_field(callee, "attribute")))) {
      target = node_field(callee, "object");
    } else if (node_type(callee) == "attribute" && tree.node_text(node_field(callee, "attribute")) == "copy") {
      return visit(expression, context);
    } else if (safe_named_child_count(arguments) == 1 &&
               kViews.count(last_name_component(tree.node_text(callee)))) {
      target = safe_named_child(arguments, 0);  // six.iteritems(d)
    } else {
      return visit(expression, context);
    }
  }
  int location = resolve(target, context);
  if (location < 0) return visit(expression, context);
  record(location, AccessOp::iterate, target, context);
}

void AccessModel::visit_target(TSNode target, TSNode value, Context& context, AccessOp op) {
  const auto& tree = model_.tree();
  auto type = node_type(target);
  if (type == "identifier") {
    int location = resolve(target, context);
    if (location >= 0 && !context.state->aliases.count(std::string(tree.node_text(target)))) {
      record(location, op, target, context);
    } else {
      context.state->aliases.erase(std::string(tree.node_text(target)));
      record_local(LocalEvent::bind, target, context);
    }
  } else if (type == "attribute") {
    int location = resolve(target, context);
    if (location < 0) return visit(node_field(target, "object"), context);
    record(location, op, target, context);
    if (node_type(value) == "identifier") record_local(LocalEvent::publish, value, context, location);
  } else if (type == "subscript") {
    TSNode container = node_field(target, "value");
    int location = resolve(container, context);
    record(location, op == AccessOp::read_modify_write ? AccessOp::item_update : AccessOp::item_store, container,
           context);
    if (location < 0) {
      if (node_type(container) == "identifier") record_local(LocalEvent::mutate, container, context);
      else visit(container, context);
    }
    visit(node_field(target, "subscript"), context);
  } else if (type == "pattern_list" || type == "tuple_pattern" || type == "list_pattern" || type == "tuple" ||
             type == "list" || type == "parenthesized_expression" || type == "list_splat_pattern") {
    if (const NamedChildren kids_i(target); true) for (std::uint32_t i = 0; i < kids_i.size(); ++i) {
      visit_target(kids_i[i], TSNode{}, context, op);
    }
  }
}

void AccessModel::visit_assignment(TSNode node, Context& context) {
  const auto& tree = model_.tree();
  TSNode left = node_field(node, "left");
  TSNode right = node_field(node, "right");
  if (ts_node_is_null(right)) return;  // an annotation only
  auto left_type = node_type(left);
  std::string local = left_type == "identifier" ? std::string(tree.node_text(left)) : std::string();
  bool is_local = !local.empty() && resolve(left, context) < 0;
  AccessOp op = AccessOp::rebind;
  if (node_type(right) == "binary_operator" && tree.node_text(node_field(right, "left")) == tree.node_text(left)) {
    op = AccessOp::read_modify_write;
  }
  // Aliases: `d = self._d`, `add = self._d.add`, `v = self._d.get(k)`.
  if (is_local) {
    auto& state = *context.state;
    state.aliases.erase(local);
    state.bound_methods.erase(local);
    state.lookups.erase(local);
    int aliased = node_type(right) == "identifier" || node_type(right) == "attribute" ? resolve(right, context) : -1;
    if (node_type(right) == "attribute") {
      int object = resolve(node_field(right, "object"), context);
      auto method = tree.node_text(node_field(right, "attribute"));
      if (object >= 0 && (kGrow.count(method) || kShrink.count(method))) {
        state.bound_methods[local] = {object, std::string(method)};
      }
    }
    if (node_type(right) == "call") {
      TSNode callee = node_field(right, "function");
      if (node_type(callee) == "attribute" && tree.node_text(node_field(callee, "attribute")) == "get") {
        int object = resolve(node_field(callee, "object"), context);
        if (object >= 0) state.lookups[local] = object;
      }
    }
    Context value = context;
    value.assigning_to = local;
    // `missing = k not in d`: the local carries the check to a later `if missing:`.
    auto right_type = node_type(right);
    bool test = right_type == "comparison_operator" || right_type == "not_operator" || right_type == "boolean_operator";
    auto first_check = checks_.size();
    value.in_condition = value.in_condition || test;
    if (right_type == "assignment") visit_assignment(right, value);
    else visit(right, value);
    if (test && checks_.size() > first_check) state.lookups[local] = checks_[first_check].location;
    if (aliased >= 0) state.aliases[local] = aliased;  // the same object under a local name
    record_local(LocalEvent::bind, left, context);
    return;
  }
  if (node_type(right) == "assignment") visit_assignment(right, context);
  else visit(right, context);
  visit_target(left, right, context, op);
  if (node_type(right) == "call" && last_name_component(tree.node_text(node_field(right, "function"))) == "Condition") {
    TSNode underlying = safe_named_child(node_field(right, "arguments"), 0);
    int condition = resolve(left, context), mutex = ts_node_is_null(underlying) ? -1 : resolve(underlying, context);
    if (condition >= 0 && mutex >= 0) lock_aliases_[condition] = mutex;
  }
}

void AccessModel::visit_call(TSNode node, Context& context) {
  const auto& tree = model_.tree();
  TSNode callee = node_field(node, "function");
  TSNode arguments = node_field(node, "arguments");
  std::uint32_t skip_argument = UINT32_MAX;
  if (node_type(callee) == "attribute") {
    TSNode object = node_field(callee, "object");
    auto method = tree.node_text(node_field(callee, "attribute"));
    int location = resolve(object, context);
    if (location >= 0 && method != "acquire" && method != "release") {
      AccessOp op = AccessOp::read;
      if (kGrow.count(method)) op = AccessOp::grow;
      else if (kShrink.count(method)) op = AccessOp::shrink;
      else if (kReorder.count(method)) op = AccessOp::reorder;
      else if (kChecks.count(method)) op = AccessOp::check;
      else if (method == "copy") op = AccessOp::snapshot;
      record(location, op, object, context);
      accesses_.back().appends = kAppends.count(method) > 0;
      if (op == AccessOp::shrink && method == "pop" && safe_named_child_count(arguments) >= 2) {
        accesses_.back().tolerant = true;  // pop(k, default)
      }
    } else if (location < 0 && node_type(object) == "identifier" &&
               (kGrow.count(method) || kShrink.count(method) || kReorder.count(method))) {
      record_local(LocalEvent::mutate, object, context);
    } else if (location < 0) {
      visit(object, context);
    }
  } else if (node_type(callee) == "identifier") {
    auto name = tree.node_text(callee);
    auto bound = context.state->bound_methods.find(std::string(name));
    TSNode first = safe_named_child(arguments, 0);
    if (bound != context.state->bound_methods.end()) {
      auto method = bound->second.second;
      record(bound->second.first, kGrow.count(method) ? AccessOp::grow : AccessOp::shrink, callee, context);
    } else if (name == "next" || kCopiers.count(name)) {
      int location = resolve(first, context);
      if (location >= 0) {
        record(location, name == "next" ? AccessOp::advance : AccessOp::snapshot, first, context);
        skip_argument = 0;
      }
    }
  } else {
    visit(callee, context);
  }
  std::string assigning = std::move(context.assigning_to);
  context.assigning_to.clear();
  if (const NamedChildren kids_i(arguments); true) for (std::uint32_t i = 0; i < kids_i.size(); ++i) {
    if (i != skip_argument) visit(kids_i[i], context);
  }
  context.assigning_to = std::move(assigning);
}

void AccessModel::visit(TSNode node, Context& context) {
  if (ts_node_is_null(node) || context.depth > 200) return;
  const auto& tree = model_.tree();
  auto type = node_type(node);
  if (type == "string" || type == "integer" || type == "float" || type == "comment" || type == "true" ||
      type == "false" || type == "none" || type == "lambda" || type == "function_definition" ||
      type == "class_definition" || type == "decorated_definition") {
    return;
  }
  ++context.depth;
  if (type == "identifier" || type == "attribute") {
    int location = resolve(node, context);
    if (location >= 0) {
      record(location, AccessOp::read, node, context);
    } else if (type == "identifier" && context.in_condition) {
      auto lookup = context.state->lookups.find(std::string(tree.node_text(node)));
      if (lookup != context.state->lookups.end()) {
        bool was = context.identity;
        context.identity = false;  // `v is None` on a looked-up value tests the container's contents
        record(lookup->second, AccessOp::check, node, context);
        context.identity = was;
      }
    } else if (type == "attribute") {
      visit(node_field(node, "object"), context);
    }
  } else if (type == "assignment") {
    visit_assignment(node, context);
  } else if (type == "augmented_assignment") {
    visit(node_field(node, "right"), context);
    visit_target(node_field(node, "left"), TSNode{}, context, AccessOp::read_modify_write);
  } else if (type == "delete_statement") {
    if (const NamedChildren kids_i(node); true) for (std::uint32_t i = 0; i < kids_i.size(); ++i) {
      TSNode target = kids_i[i];
      if (node_type(target) == "expression_list") {
        if (const NamedChildren kids_j(target); true) for (std::uint32_t j = 0; j < kids_j.size(); ++j) {
          TSNode item = kids_j[j];
          if (node_type(item) == "subscript") {
            record(resolve(node_field(item, "value"), context), AccessOp::item_delete, node_field(item, "value"), context);
          }
        }
      } else if (node_type(target) == "subscript") {
        TSNode container = node_field(target, "value");
        int location = resolve(container, context);
        record(location, AccessOp::item_delete, container, context);
        if (location < 0 && node_type(container) == "identifier") record_local(LocalEvent::mutate, container, context);
        visit(node_field(target, "subscript"), context);
      }
    }
  } else if (type == "call") {
    visit_call(node, context);
  } else if (type == "subscript") {
    TSNode container = node_field(node, "value");
    int location = resolve(container, context);
    if (location >= 0 && context.eafp) {
      record(location, AccessOp::check, container, context);
      context.eafp->push_back(static_cast<int>(checks_.size()) - 1);
    } else if (location >= 0) {
      record(location, AccessOp::read, container, context);
    } else {
      visit(container, context);
    }
    if (const NamedChildren kids_i(node); true) for (std::uint32_t i = 1; i < kids_i.size(); ++i) visit(kids_i[i], context);
  } else if (type == "for_in_clause") {
    visit_iterated(node_field(node, "right"), context);
  } else if (type == "comparison_operator") {
    bool identity = false;
    for (std::uint32_t i = 0; i < ts_node_child_count(node); ++i) {
      TSNode child = ts_node_child(node, i);
      if (!ts_node_is_named(child) && tree.node_text(child).substr(0, 2) == "is") identity = true;
    }
    bool was = context.identity;
    if (const NamedChildren kids_i(node); true) for (std::uint32_t i = 0; i < kids_i.size(); ++i) {
      TSNode operand = kids_i[i];
      // `x is None` tests the binding; `d.get(k) is v` still reads d's contents.
      context.identity = identity && (node_type(operand) == "identifier" || node_type(operand) == "attribute");
      visit(operand, context);
    }
    context.identity = was;
  } else {
    if (const NamedChildren kids_i(node); true) for (std::uint32_t i = 0; i < kids_i.size(); ++i) visit(kids_i[i], context);
  }
  --context.depth;
}

std::vector<const ModelAccess*> AccessModel::accesses_at(std::uint32_t byte) const {
  std::vector<const ModelAccess*> found;
  auto range = by_byte_.equal_range(byte);
  for (auto it = range.first; it != range.second; ++it) found.push_back(&accesses_[it->second]);
  return found;
}

bool AccessModel::in_constructor(int function) const {
  const auto& functions = model_.functions();
  if (constructor_.empty()) {
    // Helpers that only constructors call (`self._read_contents()` from __init__) run before sharing too.
    std::map<std::pair<int, std::string_view>, bool> only_from_constructors;  // (class, method) -> so far
    for (const auto& caller : functions) {
      if (caller.class_index < 0) continue;
      bool from_constructor = kConstructors.count(caller.name) > 0;
      for (const auto& [name, byte] : caller.called_methods) {
        auto [it, inserted] = only_from_constructors.emplace(std::make_pair(caller.class_index, name), from_constructor);
        if (!inserted) it->second = it->second && from_constructor;
      }
    }
    constructor_.assign(functions.size(), 0);
    for (std::size_t f = 0; f < functions.size(); ++f) {
      const auto& scope = functions[f];
      bool constructor = kConstructors.count(scope.name) > 0;
      if (!constructor && scope.class_index >= 0 && scope.name.rfind("_", 0) == 0) {
        auto it = only_from_constructors.find(std::make_pair(scope.class_index, std::string_view(scope.name)));
        constructor = it != only_from_constructors.end() && it->second;
      }
      // Functions come in walk order: a parent's answer is known before its children's.
      constructor_[f] = constructor || (scope.parent >= 0 && constructor_[static_cast<std::size_t>(scope.parent)]);
    }
  }
  return function >= 0 && constructor_[static_cast<std::size_t>(function)];
}

bool AccessModel::held_somewhere(const ModelAccess& access) const {
  return !access.locks.empty() || model_.locked_at(ts_node_start_byte(access.node));
}

// `self.sink.write(...)`: the access is the object a method is called on.
static bool method_called_on(const ModelAccess& access) {
  TSNode callee = safe_parent(access.node);
  return node_type(callee) == "attribute" && ts_node_eq(node_field(callee, "object"), access.node) &&
         node_type(safe_parent(callee)) == "call";
}

static bool is_teardown(std::string_view name) {
  static const std::set<std::string_view> names = {"close", "stop", "shutdown", "terminate", "disconnect", "dispose", "cleanup"};
  return names.count(name) > 0;
}

// The attribute holds what the constructor was handed (`self.sink = sink`,
// `self.console = console or get_console()`): a sink, a file or a callback
// whose thread-safety the class cannot assume, which is why it locks around it.
bool AccessModel::handed_in(int location) const {
  TSNode value = binding_value(location);
  if (node_type(value) == "boolean_operator") value = node_field(value, "left");
  return model_.is_parameter(value);
}

// In a teardown method of a class whose other methods use its state under a
// lock, the first call on something the constructor was handed (`self.sink.close()`,
// or a callback kept in an attribute, `self.stopper()`) when the teardown takes no lock at all.
bool AccessModel::teardown_without_lock(int function, RelationInstance& found) const {
  const auto& scope = model_.functions()[static_cast<std::size_t>(function)];
  if (!is_teardown(scope.name) || scope.class_index < 0 || !model_.is_shared_class(scope.class_index)) return false;
  if (model_.locked_at(scope.start) || model_.tree().node_text(scope.node).find("acquire(") != std::string_view::npos) return false;
  TSNode locked_use{};
  for (const auto& access : accesses_) {
    if (access.function == function) {
      if (!access.locks.empty()) return false;  // the teardown locks somewhere: it knows the protocol
      continue;
    }
    const auto& other = model_.functions()[static_cast<std::size_t>(access.function)];
    if (other.class_index != scope.class_index || access.locks.empty() || in_constructor(access.function)) continue;
    if (is_teardown(other.name) || !method_called_on(access)) continue;
    const auto& where = locations_[static_cast<std::size_t>(access.location)];
    if (where.scope == LocationScope::instance_attribute) {
      locked_use = access.node;
      break;
    }
  }
  if (ts_node_is_null(locked_use)) return false;
  const auto& owner = model_.classes()[static_cast<std::size_t>(scope.class_index)];
  std::set<std::string> methods;
  for (int m : owner.methods) methods.insert(model_.functions()[static_cast<std::size_t>(m)].name);
  const auto& tree = model_.tree();
  // Pre-order over the body's calls, not into nested functions.
  std::vector<TSNode> pending{node_field(scope.node, "body")};
  bool reported = false;
  while (!pending.empty()) {
    TSNode node = pending.back();
    pending.pop_back();
    auto type = node_type(node);
    if (type == "function_definition" || type == "lambda" || type == "class_definition") continue;
    if (type == "call") {
      TSNode callee = node_field(node, "function");
      // self.x(...) with x an attribute (a callable it keeps), or self.x.m(...) with x not thread-safe.
      TSNode target = callee;
      if (node_type(callee) == "attribute" && node_type(node_field(callee, "object")) == "attribute") target = node_field(callee, "object");
      TSNode object = node_field(target, "object");
      if (node_type(target) == "attribute" && node_type(object) == "identifier" && tree.node_text(object) == scope.first_param) {
        std::string name(tree.node_text(node_field(target, "attribute")));
        if (model_.locked_at(ts_node_start_byte(node))) return false;  // the teardown locks somewhere: it knows the protocol
        bool kept = owner.instance_assigned.count(name) > 0 && !methods.count(name);
        // A callback kept in an attribute is called, not accessed: find its location by name.
        auto known = location_ids_.find(std::make_tuple(static_cast<int>(LocationScope::instance_attribute), scope.class_index, name));
        int location = known == location_ids_.end() ? -1 : known->second;
        if (!reported && kept && location >= 0 && handed_in(location)) {
          found = RelationInstance{target, locked_use};
          reported = true;
        }
      }
    }
    for (std::uint32_t i = safe_named_child_count(node); i-- > 0;) pending.push_back(safe_named_child(node, i));
  }
  return reported;
}

bool AccessModel::is_shared(int location) const {
  if (location < 0) return false;
  const auto& where = locations_[static_cast<std::size_t>(location)];
  if (where.thread_local_root || where.scope == LocationScope::lock_only) return false;
  if (where.scope != LocationScope::instance_attribute) return true;
  if (model_.is_shared_class(where.class_index)) return true;
  if (static_cast<std::size_t>(location) >= by_location_.size()) return false;
  return std::any_of(by_location_[static_cast<std::size_t>(location)].begin(),
                     by_location_[static_cast<std::size_t>(location)].end(),
                     [&](std::size_t i) { return !accesses_[i].locks.empty(); });
}

// An instance attribute that only code run by the instance's own thread
// touches (besides its constructor): worker-private state, one thread per object.
bool AccessModel::confined_to_thread(int location) const {
  const auto& where = locations_[static_cast<std::size_t>(location)];
  if (where.scope != LocationScope::instance_attribute) return false;
  bool any = false;
  for (std::size_t i : by_location_[static_cast<std::size_t>(location)]) {
    const auto& access = accesses_[i];
    if (in_constructor(access.function)) continue;
    if (!model_.functions()[static_cast<std::size_t>(access.function)].thread_reachable) return false;
    any = true;
  }
  return any;
}

bool AccessModel::check_then_act(const ModelAccess& act, RelationHit& hit) const {
  bool acts = act.op == AccessOp::item_store || act.op == AccessOp::item_delete || act.op == AccessOp::item_update ||
              act.op == AccessOp::grow || act.op == AccessOp::shrink;
  if (!acts || act.tolerant || in_constructor(act.function) || !is_shared(act.location)) return false;
  if (confined_to_thread(act.location)) return false;
  TSNode call = safe_parent(safe_parent(act.node));
  if (node_type(call) == "call" && model_.tree().node_text(node_field(safe_parent(act.node), "attribute")) == "clear") {
    return false;  // clearing twice is harmless
  }
  for (int g = act.guard; g >= 0; g = checks_[static_cast<std::size_t>(g)].parent) {
    const auto& check = checks_[static_cast<std::size_t>(g)];
    if (check.location != act.location || check.kind == CheckKind::identity) continue;
    if (check.region != 0 && check.region == act.region) return false;  // one lock covers both
    if (check.region == 0 && act.region == 0 && model_.locked_at(ts_node_start_byte(act.node))) return false;
    // One finding per check: the first change it guards (a lazy table filled in ten stores is one race).
    for (std::size_t i : by_location_[static_cast<std::size_t>(act.location)]) {
      const auto& other = accesses_[i];
      if (&other == &act || other.function != act.function || other.order >= act.order) continue;
      if (other.guard == act.guard && (other.op == AccessOp::item_store || other.op == AccessOp::item_delete ||
                                       other.op == AccessOp::grow || other.op == AccessOp::shrink ||
                                       other.op == AccessOp::item_update) && !other.tolerant) {
        return false;
      }
    }
    hit.related = check.node;
    return true;
  }
  return false;
}

// Per lock, over the location's evidence accesses (not constructors, not
// at-fork handlers): in total and per function, so that an access's evidence
// ("the other functions") is total minus its own function, in O(locks).
const AccessModel::LockStats& AccessModel::lock_stats(int location) const {
  auto found = lock_stats_.find(location);
  if (found != lock_stats_.end()) return found->second;
  LockStats stats;
  for (std::size_t i : by_location_[static_cast<std::size_t>(location)]) {
    const auto& access = accesses_[i];
    if (access.locks.empty() || in_constructor(access.function)) continue;
    if (model_.functions()[static_cast<std::size_t>(access.function)].name.find("fork") != std::string::npos) continue;
    if (after_thread_join(access)) continue;
    for (int lock : access.locks) {
      for (auto* counts : {&stats.total[lock], &stats.by_function[access.function][lock]}) {
        ++counts->held;
        counts->changes += is_mutation(access.op) || access.op == AccessOp::rebind;
        counts->multi_step += access.op == AccessOp::iterate || access.op == AccessOp::check;
        counts->non_append += is_mutation(access.op) && !access.appends;
        if (counts->examples.size() < 2 &&
            (counts->examples.empty() || accesses_[counts->examples.front()].function != access.function)) {
          counts->examples.push_back(i);
        }
      }
    }
  }
  return lock_stats_.emplace(location, std::move(stats)).first->second;
}

// The dotted name that ends just before `end` in `text` (`self._lock` in `self._lock.release()`).
static std::string_view dotted_name_before(std::string_view text, std::size_t end) {
  auto begin = end;
  while (begin > 0 && (std::isalnum(static_cast<unsigned char>(text[begin - 1])) || text[begin - 1] == '_' || text[begin - 1] == '.')) --begin;
  return text.substr(begin, end - begin);
}

// After `self._thread.join()` (or a worker's) in the same function: that thread
// has finished, so what follows cannot race with it and is no evidence of what
// the lock guards against it.
bool AccessModel::after_thread_join(const ModelAccess& access) const {
  return ts_node_start_byte(access.node) > first_thread_join(access.function);
}

// Where the function first joins a thread or worker (`self._thread.join(`), or
// UINT32_MAX: found once per function, since lock_stats asks at every locked access.
std::uint32_t AccessModel::first_thread_join(int function) const {
  if (first_thread_join_.empty()) first_thread_join_.assign(model_.functions().size(), kNotComputed);
  auto& cached = first_thread_join_[static_cast<std::size_t>(function)];
  if (cached != kNotComputed) return cached;
  cached = UINT32_MAX;
  const auto& scope = model_.functions()[static_cast<std::size_t>(function)];
  auto text = model_.tree().node_text(scope.node);
  for (auto join = text.find(".join("); join != std::string_view::npos; join = text.find(".join(", join + 1)) {
    std::string receiver(dotted_name_before(text, join));
    for (auto& c : receiver) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (receiver.find("thread") != std::string::npos || receiver.find("worker") != std::string::npos) {
      cached = scope.start + static_cast<std::uint32_t>(join);
      break;
    }
  }
  return cached;
}

// `key_lock.release()` later in the function with no `key_lock.acquire(` before
// it: the caller took the lock and handed it over (a per-key lock protocol),
// so the function runs under a lock the model cannot name.
bool AccessModel::lock_handed_in(const ModelAccess& access) const {
  const auto& scope = model_.functions()[static_cast<std::size_t>(access.function)];
  auto text = model_.tree().node_text(scope.node);
  auto at = ts_node_start_byte(access.node) - scope.start;
  for (auto release = text.find(".release()", at); release != std::string_view::npos;
       release = text.find(".release()", release + 1)) {
    auto receiver = dotted_name_before(text, release);
    if (receiver.empty()) continue;
    std::string acquire = std::string(receiver) + ".acquire(";
    if (text.substr(0, at).find(acquire) == std::string_view::npos) return true;
  }
  return false;
}

bool AccessModel::inconsistent_lock(const ModelAccess& access, RelationHit& hit) const {
  // `x += 1` on a name or attribute is FT001/FT002's (one finding per line); containers are this relation's.
  if (access.op == AccessOp::read_modify_write) return false;
  if (!(is_mutation(access.op) || access.op == AccessOp::iterate) || in_constructor(access.function)) return false;
  if (access.locks.empty() && model_.locked_at(ts_node_start_byte(access.node))) return false;
  const auto& where = locations_[static_cast<std::size_t>(access.location)];
  if (where.thread_local_root || where.name.rfind("__", 0) == 0) return false;
  if (access.locks.empty() && lock_handed_in(access)) return false;
  // Guarded by an ownership test (`if self._owner == me:`): only the owning thread gets here.
  for (int g = access.guard; g >= 0; g = checks_[static_cast<std::size_t>(g)].parent) {
    const auto& name = locations_[static_cast<std::size_t>(checks_[static_cast<std::size_t>(g)].location)].name;
    if (name.find("owner") != std::string::npos) return false;
  }
  // Evidence comes from other functions: a function racing itself is another matter.
  const auto& stats = lock_stats(access.location);
  const std::map<int, LockStats::Counts>* own = nullptr;
  if (auto it = stats.by_function.find(access.function); it != stats.by_function.end()) own = &it->second;
  auto others = [&](int lock) {
    LockStats::Counts counts = stats.total.at(lock);
    if (own) {
      if (auto mine = own->find(lock); mine != own->end()) {
        counts.held -= mine->second.held;
        counts.changes -= mine->second.changes;
        counts.multi_step -= mine->second.multi_step;
        counts.non_append -= mine->second.non_append;
      }
    }
    return counts;
  };
  // The lock held most often at the other functions' accesses guards it.
  int guard = -1;
  LockStats::Counts best;
  for (const auto& [lock, total] : stats.total) {
    auto counts = others(lock);
    if (counts.held > best.held) {
      guard = lock;
      best = counts;
    }
  }
  if (guard < 0 || best.held == 0) return false;
  // Evidence that the lock guards this location: it is held where the location changes, or at two accesses.
  if (best.changes == 0 && best.held < 2) return false;
  // What the lock protects must be more than one atomic operation: an
  // iteration or a check under it for a single unlocked change to break, and
  // a change other than appending for an unlocked list iteration to break.
  bool single_step = is_mutation(access.op) && access.op != AccessOp::read_modify_write && access.op != AccessOp::item_update;
  if (single_step && best.multi_step == 0) return false;
  if (access.op == AccessOp::iterate && best.non_append == 0) return false;
  // A single call on an instance of some class (not a builtin container): its
  // own methods may lock (a thread-safe cache does).
  if (single_step) {
    TSNode value = binding_value(access.location);
    if (node_type(value) == "call") {
      auto callee = last_name_component(model_.tree().node_text(node_field(value, "function")));
      static const std::set<std::string_view> builtins = {"dict", "list", "set", "OrderedDict", "defaultdict", "deque",
                                                          "Counter", "WeakValueDictionary", "WeakKeyDictionary", "WeakSet"};
      if (!callee.empty() && std::isupper(static_cast<unsigned char>(callee[0])) && !builtins.count(callee)) return false;
    }
  }
  if (access.op == AccessOp::iterate && shutdown_protocol(access, guard)) return false;
  if (std::binary_search(access.locks.begin(), access.locks.end(), guard)) return false;
  for (int lock : access.locks) {
    if (stats.total.count(lock) && others(lock).held >= best.held) return false;  // as often under its own lock: a tie
  }
  for (std::size_t example : stats.total.at(guard).examples) {
    if (accesses_[example].function != access.function) {
      hit.related = accesses_[example].node;
      return true;
    }
  }
  return false;
}

bool AccessModel::mutated_while_thread_iterates(const ModelAccess& access, RelationHit& hit) const {
  if (!is_mutation(access.op) || held_somewhere(access) || in_constructor(access.function)) return false;
  // Both on the thread: one thread, one order.
  if (model_.functions()[static_cast<std::size_t>(access.function)].thread_reachable) return false;
  if (locations_[static_cast<std::size_t>(access.location)].thread_local_root) return false;
  for (std::size_t i : iterations_[static_cast<std::size_t>(access.location)]) {
    const auto& other = accesses_[i];
    if (other.function == access.function || held_somewhere(other)) continue;
    if (!model_.functions()[static_cast<std::size_t>(other.function)].thread_reachable) continue;
    hit.related = other.node;
    return true;
  }
  return false;
}

// Whether the write's statement uses the local the read went to, directly or
// through locals computed from it in between (`new = dict(old)`).
bool AccessModel::derived_from(const ModelAccess& read, const ModelAccess& write, std::string_view text) const {
  std::vector<std::string> names{read.flows_to};
  for (std::size_t e : events_of_function(write.function)) {
    const auto& event = local_events_[e];
    if (event.kind != LocalEvent::bind || event.order <= read.order ||
        event.order >= write.order) {
      continue;
    }
    TSNode assignment = safe_parent(event.node);
    if (node_type(assignment) != "assignment") continue;
    auto value = model_.tree().node_text(node_field(assignment, "right"));
    if (std::any_of(names.begin(), names.end(), [&](const std::string& n) { return contains_word(value, n); })) {
      names.push_back(event.name);
    }
  }
  return std::any_of(names.begin(), names.end(), [&](const std::string& n) { return contains_word(text, n); });
}

bool AccessModel::split_lock_update(const ModelAccess& write, RelationHit& hit) const {
  bool writes = is_mutation(write.op) || write.op == AccessOp::rebind;
  if (!writes || write.region == 0) return false;
  TSNode statement = write.node;
  while (!ts_node_is_null(statement) && node_type(statement) != "expression_statement") statement = safe_parent(statement);
  auto text = model_.tree().node_text(statement);
  auto same_function = by_location_function_.find(location_function_key(write.location, write.function));
  if (same_function == by_location_function_.end()) return false;
  for (std::size_t i : same_function->second) {
    const auto& read = accesses_[i];
    if (read.function != write.function || read.order >= write.order || read.region == 0 ||
        read.region == write.region || !intersects(read.locks, write.locks) || read.flows_to.empty()) {
      continue;
    }
    if (read.loop != 0 && read.loop == write.loop) continue;
    if (!derived_from(read, write, text)) continue;
    hit.related = read.node;
    return true;
  }
  return false;
}

// Every locked change of the location is guarded by a check of a flag, and
// this function sets that flag under the lock before it iterates: once the
// flag is set nobody changes the container (a shutdown protocol).
bool AccessModel::shutdown_protocol(const ModelAccess& iteration, int guard_lock) const {
  std::vector<int> flags;
  bool first = true;
  for (std::size_t i : by_location_[static_cast<std::size_t>(iteration.location)]) {
    const auto& change = accesses_[i];
    if (!is_mutation(change.op) || in_constructor(change.function)) continue;
    std::vector<int> checked;
    for (int g = change.guard; g >= 0; g = checks_[static_cast<std::size_t>(g)].parent) {
      checked.push_back(checks_[static_cast<std::size_t>(g)].location);
    }
    std::sort(checked.begin(), checked.end());
    if (first) flags = checked;
    else flags.erase(std::remove_if(flags.begin(), flags.end(), [&](int f) { return !std::binary_search(checked.begin(), checked.end(), f); }), flags.end());
    first = false;
  }
  // Or: a flag set to a constant under the lock before the iteration, which
  // other code checks under the same lock (the changes may sit in helpers).
  for (const auto& set : accesses_) {
    if (set.op != AccessOp::rebind || set.function != iteration.function || set.order >= iteration.order ||
        !std::binary_search(set.locks.begin(), set.locks.end(), guard_lock)) {
      continue;
    }
    TSNode assignment = safe_parent(set.node);
    auto value = node_type(node_field(assignment, "right"));
    if (value != "true" && value != "false" && value != "none" && value != "integer") continue;
    for (std::size_t i : by_location_[static_cast<std::size_t>(set.location)]) {
      const auto& check = accesses_[i];
      if (check.op == AccessOp::check && check.function != iteration.function &&
          std::binary_search(check.locks.begin(), check.locks.end(), guard_lock)) {
        return true;
      }
    }
  }
  for (int flag : flags) {
    if (flag == iteration.location || static_cast<std::size_t>(flag) >= by_location_.size()) continue;
    for (std::size_t i : by_location_[static_cast<std::size_t>(flag)]) {
      const auto& set = accesses_[i];
      if (set.op == AccessOp::rebind && set.function == iteration.function && set.order < iteration.order &&
          std::binary_search(set.locks.begin(), set.locks.end(), guard_lock)) {
        return true;
      }
    }
  }
  return false;
}

bool AccessModel::after_shutdown_flag(const ModelAccess& iteration) const {
  std::set<int> locks;
  for (std::size_t i : by_location_[static_cast<std::size_t>(iteration.location)]) {
    for (int lock : accesses_[i].locks) locks.insert(lock);
  }
  for (const auto& access : accesses_) {  // the locks this function sets flags under
    if (access.function == iteration.function && access.op == AccessOp::rebind) locks.insert(access.locks.begin(), access.locks.end());
  }
  return std::any_of(locks.begin(), locks.end(), [&](int lock) { return shutdown_protocol(iteration, lock); });
}

TSNode AccessModel::binding_value(int location) const {
  const auto& where = locations_[static_cast<std::size_t>(location)];
  const auto& tree = model_.tree();
  auto value_of = [&](TSNode statement) -> TSNode {
    if (node_type(statement) == "expression_statement") statement = safe_named_child(statement, 0);
    if (node_type(statement) != "assignment") return TSNode{};
    TSNode left = node_field(statement, "left");
    if (node_type(left) != "identifier" || tree.node_text(left) != where.name) return TSNode{};
    return node_field(statement, "right");
  };
  TSNode body{};
  if (where.scope == LocationScope::module_global) body = tree.root();
  if (where.scope == LocationScope::class_attribute) {
    const auto& owner = model_.classes()[static_cast<std::size_t>(where.class_index)];
    TSNode at = ts_node_descendant_for_byte_range(tree.root(), owner.start, owner.start);
    while (!ts_node_is_null(at) && node_type(at) != "class_definition") at = safe_parent(at);
    body = node_field(at, "body");
  }
  if (const NamedChildren kids_i(body); true) for (std::uint32_t i = 0; i < kids_i.size(); ++i) {
    TSNode value = value_of(kids_i[i]);
    if (!ts_node_is_null(value)) return value;
  }
  for (const auto& access : accesses_) {  // self.x = value in some method
    if (access.location != location || access.op != AccessOp::rebind) continue;
    TSNode assignment = safe_parent(access.node);
    if (node_type(assignment) == "assignment") return node_field(assignment, "right");
  }
  return TSNode{};
}

bool AccessModel::unlocked_advance(const ModelAccess& access, RelationHit& hit) const {
  if (access.op != AccessOp::advance || held_somewhere(access)) return false;
  const auto& where = locations_[static_cast<std::size_t>(access.location)];
  if (where.thread_local_root) return false;
  bool reachable = model_.functions()[static_cast<std::size_t>(access.function)].thread_reachable;
  // A generator raises "already executing" when two threads resume it; itertools
  // and other C iterators are thread-safe on the free-threaded build. A value
  // handed in from outside (a parameter) counts only in code run by threads.
  TSNode value = binding_value(access.location);
  auto type = node_type(value);
  bool generator = type == "generator_expression";
  if (type == "call" && node_type(node_field(value, "function")) == "identifier") {
    auto callee = model_.tree().node_text(node_field(value, "function"));
    generator = std::any_of(model_.functions().begin(), model_.functions().end(),
                            [&](const FunctionScope& f) { return f.has_yield && f.name == callee; });
  }
  bool unknown = ts_node_is_null(value) || type == "identifier" || type == "attribute";
  if (!generator && !(unknown && reachable)) return false;
  if (where.scope == LocationScope::instance_attribute && !reachable && !is_shared(access.location)) return false;
  if (where.scope == LocationScope::instance_attribute && in_constructor(access.function)) return false;
  hit.related = access.node;
  return true;
}

bool AccessModel::mutated_after_publish(std::uint32_t byte, RelationHit& hit) const {
  const LocalEvent* mutation = nullptr;
  auto at = mutations_by_byte_.find(byte);
  if (at != mutations_by_byte_.end()) mutation = &local_events_[at->second];
  if (!mutation || in_constructor(mutation->function)) return false;
  const auto& events = events_of_function(mutation->function);
  auto rebound_between = [&](std::uint32_t from, std::uint32_t to) {
    return std::any_of(events.begin(), events.end(), [&](std::size_t i) {
      const auto& e = local_events_[i];
      return e.kind == LocalEvent::bind && e.name == mutation->name && e.order > from && e.order < to;
    });
  };
  for (std::size_t p : events) {
    const auto& publish = local_events_[p];
    if (publish.kind != LocalEvent::publish || publish.name != mutation->name) continue;
    if (!is_shared(publish.location) && publish.region == 0) continue;
    bool later = publish.order < mutation->order && !rebound_between(publish.order, mutation->order);
    // In a loop, the next iteration mutates what this one published, unless the loop makes a new one first.
    bool next_iteration = false;
    if (publish.order > mutation->order && !mutation->loops.empty()) {
      int loop = mutation->loops.back();
      bool shared_loop = std::find(publish.loops.begin(), publish.loops.end(), loop) != publish.loops.end();
      bool fresh = std::any_of(events.begin(), events.end(), [&](std::size_t i) {
        const auto& e = local_events_[i];
        return e.kind == LocalEvent::bind && e.name == mutation->name &&
               std::find(e.loops.begin(), e.loops.end(), loop) != e.loops.end();
      });
      next_iteration = shared_loop && !fresh;
    }
    if (later || next_iteration) {
      hit.related = publish.node;
      return true;
    }
  }
  return false;
}

namespace {

bool is_name_char_(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// The call starts a thread that can see `self` (a Thread subclass given self,
// `Thread(target=self.m).start()`, or `self.start()` in a Thread subclass).
bool starts_thread_with_self(const SemanticModel& model, const FunctionScope& scope, TSNode call) {
  const auto& tree = model.tree();
  TSNode callee = node_field(call, "function");
  auto callee_text = tree.node_text(callee);
  const std::string& self = scope.first_param;
  auto mentions_self = [&](TSNode node) {
    auto text = tree.node_text(node);
    for (auto at = text.find(self); at != std::string_view::npos; at = text.find(self, at + 1)) {
      bool left = at == 0 || !is_name_char_(text[at - 1]);
      bool right = at + self.size() >= text.size() || !is_name_char_(text[at + self.size()]);
      if (left && right) return true;
    }
    return false;
  };
  int started = model.module_class(std::string(last_name_component(callee_text)));
  if (started >= 0 && model.classes()[static_cast<std::size_t>(started)].thread_subclass) {
    return mentions_self(node_field(call, "arguments"));
  }
  if (node_type(callee) != "attribute" || tree.node_text(node_field(callee, "attribute")) != "start") return false;
  TSNode object = node_field(callee, "object");
  if (tree.node_text(object) == self) {
    return model.classes()[static_cast<std::size_t>(scope.class_index)].thread_subclass;
  }
  if (node_type(object) == "call") return last_name_component(tree.node_text(node_field(object, "function"))) == "Thread" && mentions_self(object);
  if (node_type(object) == "identifier") {
    auto value = scope.local_values.find(std::string(tree.node_text(object)));
    return value != scope.local_values.end() && node_type(value->second) == "call" &&
           last_name_component(tree.node_text(node_field(value->second, "function"))) == "Thread" && mentions_self(value->second);
  }
  return false;
}

// In __init__, a thread that can see `self` starts before an attribute that
// other code reads is assigned: the thread can run first and find it missing.
}  // namespace

bool AccessModel::thread_started_early(TSNode call, TSNode& late) const {
  const auto& model = model_;
  int function = model.function_at(ts_node_start_byte(call));
  if (function < 0) return false;
  const auto& scope = model.functions()[static_cast<std::size_t>(function)];
  if (scope.name != "__init__" || scope.class_index < 0 || !starts_thread_with_self(model, scope, call)) return false;
  const auto& tree = model.tree();
  auto after = safe_end_byte(call);
  late = TSNode{};
  walk_tree(node_field(scope.node, "body"), [&](TSNode node) {
    auto type = node_type(node);
    if (!ts_node_is_null(late) || type == "function_definition" || type == "class_definition" || type == "lambda") return false;
    if (type != "assignment" || ts_node_start_byte(node) < after) return true;
    TSNode left = node_field(node, "left");
    if (node_type(left) != "attribute" || tree.node_text(node_field(left, "object")) != scope.first_param) return true;
    std::string used = "." + std::string(tree.node_text(node_field(left, "attribute")));
    auto text = tree.text();
    for (auto at = text.find(used); at != std::string_view::npos; at = text.find(used, at + 1)) {
      bool whole = at + used.size() >= text.size() || !is_name_char_(text[at + used.size()]);
      if (whole && (at < scope.start || at >= scope.end)) {
        late = left;
        break;
      }
    }
    return true;
  });
  return !ts_node_is_null(late);
}


const std::vector<std::size_t>& AccessModel::events_of_function(int function) const {
  static const std::vector<std::size_t> none;
  return function < 0 || static_cast<std::size_t>(function) >= events_by_function_.size()
             ? none
             : events_by_function_[static_cast<std::size_t>(function)];
}

bool AccessModel::memoizing_file() const {
  if (memoizing_ < 0) {
    const auto& functions = model_.functions();
    auto text = model_.tree().text();
    bool memoizes = std::any_of(functions.begin(), functions.end(), [](const FunctionScope& f) { return f.memoized; }) ||
                    contains_text(text, "memoized");
    memoizing_ = memoizes ? 1 : 0;
  }
  return memoizing_ == 1;
}

std::vector<TSNode> AccessModel::local_mutations() const {
  std::vector<TSNode> nodes;
  for (const auto& event : local_events_) {
    if (event.kind == LocalEvent::mutate) nodes.push_back(event.node);
  }
  return nodes;
}

namespace {

template <bool (AccessModel::*relation)(const ModelAccess&, RelationHit&) const>
void each_access(const AccessModel& model, std::vector<RelationInstance>& out) {
  for (const auto& access : model.accesses()) {
    RelationHit hit;
    if ((model.*relation)(access, hit)) out.push_back(RelationInstance{access.node, hit.related});
  }
}

void each_early_thread_start(const AccessModel& model, std::vector<RelationInstance>& out) {
  const auto& semantic = model.semantic();
  if (!semantic.is_thread_aware()) return;  // no thread is started in this file
  // A start is a `.start()` call or a call of a Thread subclass of this module
  // (starts_thread_with_self): an __init__ without either has none to find.
  const auto& classes = semantic.classes();
  bool thread_subclass = std::any_of(classes.begin(), classes.end(), [](const ClassScope& c) { return c.thread_subclass; });
  for (const auto& function : semantic.functions()) {
    if (function.name != "__init__" || function.class_index < 0) continue;
    TSNode body = node_field(function.node, "body");
    if (!thread_subclass && !contains_text(semantic.tree().node_text(body), "start")) continue;
    walk_tree(body, [&](TSNode node) {
      auto type = node_type(node);
      if (type == "function_definition" || type == "class_definition" || type == "lambda") return false;
      TSNode late{};
      if (type == "call" && model.thread_started_early(node, late)) out.push_back(RelationInstance{node, late});
      return true;
    });
  }
}

void each_context_manager_swap(const AccessModel& model, std::vector<RelationInstance>& out) {
  for (const auto& access : model.accesses()) {
    const auto& where = model.locations()[static_cast<std::size_t>(access.location)];
    if (where.scope != LocationScope::module_global || where.thread_local_root || !is_mutation(access.op)) continue;
    if (!access.locks.empty() || !model.semantic().functions()[static_cast<std::size_t>(access.function)].context_manager) continue;
    out.push_back(RelationInstance{access.node, TSNode{}});
  }
}

// Iterating an instance's own __dict__ while memoized attributes (cached_property
// and the like) may be added to it by a first access in another thread.
void each_memoizing_dict_iteration(const AccessModel& model, std::vector<RelationInstance>& out) {
  if (!model.memoizing_file()) return;
  for (const auto& access : model.accesses()) {
    const auto& where = model.locations()[static_cast<std::size_t>(access.location)];
    if (access.op != AccessOp::iterate || where.name != "__dict__" || !access.locks.empty()) continue;
    if (where.scope != LocationScope::instance_attribute) continue;
    out.push_back(RelationInstance{access.node, TSNode{}});
  }
}

// `if self.busy: return` ... `self.busy = True` ... `self.busy = False` in one
// method: per-call state kept on the instance, which every caller shares.
void each_teardown(const AccessModel& model, std::vector<RelationInstance>& out) {
  for (std::size_t f = 0; f < model.semantic().functions().size(); ++f) {
    RelationInstance found;
    if (model.teardown_without_lock(static_cast<int>(f), found)) out.push_back(found);
  }
}

void each_busy_flag(const AccessModel& model, std::vector<RelationInstance>& out) {
  const auto& tree = model.semantic().tree();
  auto constant = [&](const ModelAccess& access) -> std::string_view {
    TSNode assignment = safe_parent(access.node);
    if (node_type(assignment) != "assignment") return {};
    auto type = node_type(node_field(assignment, "right"));
    return type == "true" || type == "false" ? tree.node_text(node_field(assignment, "right")) : std::string_view{};
  };
  for (const auto& set : model.accesses()) {
    const auto& where = model.locations()[static_cast<std::size_t>(set.location)];
    if (set.op != AccessOp::rebind || where.scope != LocationScope::instance_attribute || !set.locks.empty()) continue;
    auto value = constant(set);
    if (value.empty() || model.in_constructor_function(set.function)) continue;
    const auto& function = model.semantic().functions()[static_cast<std::size_t>(set.function)];
    if (function.context_manager) continue;
    bool checked_before = false, reset_after = false;
    for (const auto& other : model.accesses()) {
      if (other.location != set.location || other.function != set.function) continue;
      if (other.op == AccessOp::check && other.order < set.order && other.locks.empty()) checked_before = true;
      if (other.op == AccessOp::rebind && other.order > set.order) {
        auto later = constant(other);
        if (!later.empty() && later != value) reset_after = true;
      }
    }
    if (checked_before && reset_after) out.push_back(RelationInstance{set.node, TSNode{}});
  }
}

void each_publication(const AccessModel& model, std::vector<RelationInstance>& out) {
  for (TSNode node : model.local_mutations()) {
    RelationHit hit;
    if (model.mutated_after_publish(ts_node_start_byte(node), hit)) out.push_back(RelationInstance{node, hit.related});
  }
}

}  // namespace

const std::vector<RelationInfo>& known_relations() {
  static const std::vector<RelationInfo> relations = {
      {"check-then-act",
       "a change of a shared location (item store or delete, insert, removal) guarded by a check of the same location "
       "earlier in the function (`in`, `len`, `.get()` and its result, truthiness, a lookup in a `try` that catches "
       "KeyError, an early return) with no one lock region covering both; the first change per check",
       each_access<&AccessModel::check_then_act>},
      {"lock-inconsistent",
       "a mutation or iteration without the lock the location's accesses in other functions hold most often, when "
       "that lock guards more than one atomic operation (an iteration or a check under it): the RacerD signal",
       each_access<&AccessModel::inconsistent_lock>},
      {"split-lock-update",
       "a write under a lock of a value computed from a read of the same location under an earlier, separate hold of "
       "that lock in the same function",
       each_access<&AccessModel::split_lock_update>},
      {"unlocked-advance",
       "`next()` without a lock on a shared generator, or on an iterator handed in from outside in code run by threads",
       each_access<&AccessModel::unlocked_advance>},
      {"teardown-without-lock",
       "in close()/stop()/shutdown() and the like that take no lock, the first call on the instance's state "
       "(`self.sink.close()`, a callable kept in an attribute) when other methods of the class call on its state with "
       "a lock held (thread-safe objects, an Event, a queue, a thread, excepted): the teardown can run in the middle "
       "of a locked use",
       each_teardown},
      {"mutated-while-thread-iterates",
       "an unlocked change, outside code run by threads, of a container that a function reachable from a thread entry "
       "point iterates without a lock",
       each_access<&AccessModel::mutated_while_thread_iterates>},
      {"published-then-mutated",
       "a change of a local container after it was stored into shared state earlier in the function, or in an earlier "
       "iteration of the loop with no fresh copy made in the loop",
       each_publication},
      {"thread-started-early",
       "in `__init__`, a call that starts a thread which can see `self` (a Thread subclass given self, "
       "`Thread(target=self.m).start()`, `self.start()`) before an attribute that code outside `__init__` reads is assigned",
       each_early_thread_start},
      {"busy-flag-on-instance",
       "in one method, an instance attribute checked, then set to True (or False), then set back: per-call state kept on "
       "an object that every caller shares (a re-entrancy guard)",
       each_busy_flag},
      {"memoized-dict-iterated",
       "an unlocked iteration over an instance's own `__dict__` in a file with memoized attributes (cached_property, "
       "memoized_property, `_memoized_attr_x`), which a first access in another thread adds to that dict",
       each_memoizing_dict_iteration},
      {"context-manager-swaps-module-state",
       "an unlocked change of a module-level container (not a threading.local's) in `__enter__`/`__exit__` or a "
       "@contextmanager generator",
       each_context_manager_swap},
  };
  return relations;
}

const RelationInfo* find_relation_info(const std::string& name) {
  for (const auto& relation : known_relations()) {
    if (name == relation.name) return &relation;
  }
  return nullptr;
}

std::vector<RelationInstance> find_relation(const std::string& name, const AccessModel& model) {
  std::vector<RelationInstance> out;
  if (const auto* relation = find_relation_info(name)) relation->find(model, out);
  return out;
}

}  // namespace gilfree::scanners
