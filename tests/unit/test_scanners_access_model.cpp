// The access model's accesses and relations on small programs: each relation
// is checked both ways (the hazard and its fixed form).
#include <catch2/catch.hpp>

#include <string>

#include "scanners/engine/access_model.hpp"
#include "scanners/engine/semantic_model.hpp"

using namespace gilfree::scanners;

namespace {

struct Built {
  explicit Built(const std::string& source) : text(source), tree(text), model(tree, "pkg/mod.py") {}
  std::string text;
  PythonTree tree;
  SemanticModel model;

  // The accesses at the n-th (1-based) occurrence of `needle` in the source.
  std::vector<const ModelAccess*> at(const std::string& needle, int nth = 1) const {
    std::size_t at = std::string::npos;
    for (int i = 0; i < nth; ++i) at = text.find(needle, at == std::string::npos ? 0 : at + 1);
    REQUIRE(at != std::string::npos);
    auto found = model.access_model().accesses_at(static_cast<std::uint32_t>(at));
    REQUIRE_FALSE(found.empty());
    return found;
  }
  template <typename Relation>
  bool holds(Relation relation, const std::string& needle, int nth = 1) const {
    std::size_t position = std::string::npos;
    for (int i = 0; i < nth; ++i) position = text.find(needle, position == std::string::npos ? 0 : position + 1);
    REQUIRE(position != std::string::npos);
    // No access recorded there (a function that shares nothing is not walked): the relation cannot hold.
    for (const auto* access : model.access_model().accesses_at(static_cast<std::uint32_t>(position))) {
      RelationHit hit;
      if ((model.access_model().*relation)(*access, hit)) return true;
    }
    return false;
  }
  std::string location_of(const std::string& needle) const {
    auto found = at(needle);
    REQUIRE_FALSE(found.empty());
    return model.access_model().locations()[static_cast<std::size_t>(found.front()->location)].name;
  }
};

}  // namespace

TEST_CASE("access model: locations resolve through self, cls, ClassName, type(self), aliases and closures") {
  Built b(
      "import threading\n"
      "class C:\n"
      "    _registry = {}\n"
      "    def __init__(self):\n"
      "        self._lock = threading.Lock()\n"
      "        self._items = []\n"
      "    def add(self, x):\n"
      "        self._items.append(x)\n"
      "        C._registry[x] = 1\n"
      "        type(self)._registry.pop(x)\n"
      "        items = self._items\n"
      "        items.clear()\n"
      "        def inner():\n"
      "            self._items.sort()\n"
      "        return inner\n");
  CHECK(b.location_of("self._items.append") == "_items");
  CHECK(b.at("self._items.append").front()->op == AccessOp::grow);
  CHECK(b.at("C._registry[x]").front()->op == AccessOp::item_store);
  const auto& model = b.model.access_model();
  auto registry = b.at("C._registry").front()->location;
  CHECK(model.locations()[static_cast<std::size_t>(registry)].scope == LocationScope::class_attribute);
  CHECK(b.at("type(self)._registry").front()->location == registry);
  auto alias = b.at("items.clear");
  REQUIRE(alias.size() == 1);
  CHECK(alias.front()->op == AccessOp::shrink);
  CHECK(alias.front()->location == b.at("self._items.append").front()->location);
  CHECK(b.at("self._items.sort").front()->op == AccessOp::reorder);  // the closure's self is the method's
}

TEST_CASE("access model: locks held come from with, acquire/release and try/finally") {
  Built b(
      "import threading\n"
      "_lock = threading.Lock()\n"
      "_d = {}\n"
      "def f(k):\n"
      "    with _lock:\n"
      "        _d[k] = 1\n"
      "    _lock.acquire()\n"
      "    try:\n"
      "        _d.pop(k)\n"
      "    finally:\n"
      "        _lock.release()\n"
      "    _d.clear()\n");
  CHECK(b.at("_d[k]").front()->locks.size() == 1);
  CHECK(b.at("_d.pop").front()->locks.size() == 1);
  CHECK(b.at("_d.clear").front()->locks.empty());
  CHECK(b.at("_d[k]").front()->region != b.at("_d.pop").front()->region);
}

TEST_CASE("access model: check-then-act needs one lock region around check and act") {
  Built b(
      "import threading\n"
      "_lock = threading.Lock()\n"
      "_d = {}\n"
      "def racy(k):\n"
      "    if k not in _d:\n"
      "        _d[k] = 1\n"
      "def locked(k):\n"
      "    with _lock:\n"
      "        if k not in _d:\n"
      "            _d[k] = 1\n"
      "def split(k):\n"
      "    with _lock:\n"
      "        missing = k not in _d\n"
      "    if missing:\n"
      "        with _lock:\n"
      "            _d[k] = 1\n"
      "def eafp(k):\n"
      "    try:\n"
      "        return _d[k]\n"
      "    except KeyError:\n"
      "        pass\n"
      "    _d[k] = 2\n"
      "def early(k):\n"
      "    v = _d.get(k)\n"
      "    if v is not None:\n"
      "        return v\n"
      "    _d[k] = 3\n"
      "def tolerant(k):\n"
      "    if k in _d:\n"
      "        _d.pop(k, None)\n");
  CHECK(b.holds(&AccessModel::check_then_act, "_d[k] = 1", 1));
  CHECK_FALSE(b.holds(&AccessModel::check_then_act, "_d[k] = 1", 2));
  CHECK(b.holds(&AccessModel::check_then_act, "_d[k] = 1", 3));
  CHECK(b.holds(&AccessModel::check_then_act, "_d[k] = 2"));
  CHECK(b.holds(&AccessModel::check_then_act, "_d[k] = 3"));
  CHECK_FALSE(b.holds(&AccessModel::check_then_act, "_d.pop(k, None)"));
}

TEST_CASE("access model: an instance attribute is shared only with evidence") {
  Built b(
      "import threading\n"
      "class Plain:\n"
      "    def __init__(self):\n"
      "        self._d = {}\n"
      "    def add(self, k):\n"
      "        if k not in self._d:\n"
      "            self._d[k] = 1\n"
      "class Locked:\n"
      "    def __init__(self):\n"
      "        self._lock = threading.Lock()\n"
      "        self._d = {}\n"
      "    def add(self, k):\n"
      "        if k not in self._d:\n"
      "            self._d[k] = 1\n");
  CHECK_FALSE(b.holds(&AccessModel::check_then_act, "self._d[k] = 1", 1));
  CHECK(b.holds(&AccessModel::check_then_act, "self._d[k] = 1", 2));
}

TEST_CASE("access model: inconsistent lock flags the access that skips the usual lock") {
  Built b(
      "import threading\n"
      "class S:\n"
      "    def __init__(self):\n"
      "        self._a = threading.Lock()\n"
      "        self._b = threading.Lock()\n"
      "        self._d = {}\n"
      "    def one(self, k):\n"
      "        with self._a:\n"
      "            self._d[k] = 1\n"
      "    def two(self, k):\n"
      "        with self._a:\n"
      "            return [v for v in self._d.values()]\n"
      "    def wrong(self, k):\n"
      "        with self._b:\n"
      "            del self._d[k]\n"
      "    def none(self):\n"
      "        for k in self._d:\n"
      "            print(k)\n");
  CHECK_FALSE(b.holds(&AccessModel::inconsistent_lock, "self._d[k] = 1"));
  CHECK(b.holds(&AccessModel::inconsistent_lock, "self._d[k]\n"));  // under the other lock, while two() iterates
  CHECK(b.holds(&AccessModel::inconsistent_lock, "self._d:"));
}

TEST_CASE("access model: a read-compute-write split over two holds of one lock") {
  Built b(
      "import threading\n"
      "_lock = threading.Lock()\n"
      "_l = []\n"
      "def split(x):\n"
      "    with _lock:\n"
      "        new = [y for y in _l if y != x]\n"
      "    new.sort()\n"
      "    with _lock:\n"
      "        _l[:] = new\n"
      "def once(x):\n"
      "    with _lock:\n"
      "        new = [y for y in _l if y != x]\n"
      "        _l[:] = new\n");
  CHECK(b.holds(&AccessModel::split_lock_update, "_l[:] = new", 1));
  CHECK_FALSE(b.holds(&AccessModel::split_lock_update, "_l[:] = new", 2));
}

TEST_CASE("access model: next() on shared iterators, and thread-iterated containers") {
  Built b(
      "import itertools, threading\n"
      "_ids = (n for n in itertools.count())\n"
      "_counter = itertools.count()\n"
      "_lock = threading.Lock()\n"
      "def new():\n"
      "    return next(_ids)\n"
      "def count():\n"
      "    return next(_counter)\n"
      "def new_locked():\n"
      "    with _lock:\n"
      "        return next(_ids)\n"
      "class W:\n"
      "    def __init__(self):\n"
      "        self._jobs = []\n"
      "        threading.Thread(target=self._run).start()\n"
      "    def _run(self):\n"
      "        for job in self._jobs:\n"
      "            job()\n"
      "    def add(self, job):\n"
      "        self._jobs.append(job)\n");
  CHECK(b.holds(&AccessModel::unlocked_advance, "_ids)", 1));
  CHECK_FALSE(b.holds(&AccessModel::unlocked_advance, "_ids)", 2));
  CHECK_FALSE(b.holds(&AccessModel::unlocked_advance, "_counter)"));  // itertools.count is thread-safe
  CHECK(b.holds(&AccessModel::mutated_while_thread_iterates, "self._jobs.append"));
}

TEST_CASE("access model: a container changed after its publication, or in the next loop iteration") {
  Built b(
      "import threading\n"
      "class L:\n"
      "    def __init__(self):\n"
      "        self._lock = threading.Lock()\n"
      "        self.h = {}\n"
      "    def remove(self, ids):\n"
      "        with self._lock:\n"
      "            h = self.h.copy()\n"
      "            for i in ids:\n"
      "                h.pop(i)\n"
      "                self.h = h\n"
      "    def fresh(self, ids):\n"
      "        with self._lock:\n"
      "            for i in ids:\n"
      "                h = self.h.copy()\n"
      "                h.pop(i)\n"
      "                self.h = h\n");
  const auto& model = b.model.access_model();
  RelationHit hit;
  auto first = b.text.find("h.pop(i)");
  auto second = b.text.find("h.pop(i)", first + 1);
  CHECK(model.mutated_after_publish(static_cast<std::uint32_t>(first), hit));
  CHECK_FALSE(model.mutated_after_publish(static_cast<std::uint32_t>(second), hit));
}

namespace {

// The lines (1-based) of a relation's instances in the source.
std::vector<int> relation_lines(const Built& b, const std::string& relation) {
  std::vector<int> lines;
  for (const auto& instance : find_relation(relation, b.model.access_model())) {
    lines.push_back(b.tree.lines().line_of(ts_node_start_byte(instance.node)));
  }
  return lines;
}

}  // namespace

TEST_CASE("access model: a thread started in __init__ before the object is complete") {
  Built b(
      "import threading\n"
      "class Early:\n"
      "    def __init__(self):\n"
      "        threading.Thread(target=self.run).start()\n"
      "        self.lock = threading.Lock()\n"
      "    def run(self):\n"
      "        with self.lock:\n"
      "            pass\n"
      "class Late:\n"
      "    def __init__(self):\n"
      "        self.lock = threading.Lock()\n"
      "        threading.Thread(target=self.run).start()\n"
      "    def run(self):\n"
      "        with self.lock:\n"
      "            pass\n");
  CHECK(relation_lines(b, "thread-started-early") == std::vector<int>{4});
}

TEST_CASE("access model: a busy flag kept on the instance") {
  Built b(
      "class Pattern:\n"
      "    def __call__(self, env):\n"
      "        if self.dirty:\n"
      "            return None\n"
      "        self.dirty = True\n"
      "        value = env.render()\n"
      "        self.dirty = False\n"
      "        return value\n"
      "    def reset(self):\n"
      "        self.dirty = False\n");
  CHECK(relation_lines(b, "busy-flag-on-instance") == std::vector<int>{5});
}

TEST_CASE("access model: __dict__ iterated in a file that memoizes attributes") {
  Built memoizing(
      "import functools\n"
      "class S:\n"
      "    @functools.cached_property\n"
      "    def c(self):\n"
      "        return 1\n"
      "    def clone(self):\n"
      "        return {k: v for k, v in self.__dict__.items()}\n"
      "    def snapshot(self):\n"
      "        return self.__dict__.copy()\n");
  CHECK(relation_lines(memoizing, "memoized-dict-iterated") == std::vector<int>{7});
  Built plain(
      "class S:\n"
      "    def clone(self):\n"
      "        return {k: v for k, v in self.__dict__.items()}\n");
  CHECK(relation_lines(plain, "memoized-dict-iterated").empty());
}

TEST_CASE("access model: module state swapped by a context manager, thread-locals excepted") {
  Built b(
      "import threading\n"
      "_objects = {}\n"
      "_local = threading.local()\n"
      "class Scope:\n"
      "    def __enter__(self):\n"
      "        self.saved = _objects.copy()\n"
      "        _objects.update({'x': 1})\n"
      "        _local.objects = {}\n"
      "    def __exit__(self, *exc):\n"
      "        _objects.clear()\n"
      "        _local.objects.clear()\n");
  CHECK(relation_lines(b, "context-manager-swaps-module-state") == std::vector<int>{7, 10});
}

TEST_CASE("access model: every relation of the table can be asked for by name") {
  Built b("x = 1\n");
  for (const auto& relation : known_relations()) {
    CHECK(find_relation_info(relation.name) == &relation);
    CHECK(find_relation(relation.name, b.model.access_model()).empty());
  }
  CHECK(find_relation_info("no-such-relation") == nullptr);
}

TEST_CASE("access model: a lock handed in by the caller (released here, never acquired) covers the function") {
  Built b(
      "import threading\n"
      "class Probe:\n"
      "    def __init__(self):\n"
      "        self._lock = threading.Lock()\n"
      "        self._locks = {}\n"
      "        self._values = {}\n"
      "    def get(self, key):\n"
      "        with self._lock:\n"
      "            if key not in self._values:\n"
      "                self._values[key] = None\n"
      "    def set_and_release(self, key, value):\n"
      "        key_lock = self._locks[key]\n"
      "        self._values[key] = value\n"
      "        key_lock.release()\n"
      "    def set_unlocked(self, key, value):\n"
      "        self._values[key] = value\n");
  CHECK_FALSE(b.holds(&AccessModel::inconsistent_lock, "self._values[key] = value"));
  CHECK(b.holds(&AccessModel::inconsistent_lock, "self._values[key] = value", 2));
}

TEST_CASE("access model: accesses after the worker thread is joined are no evidence against it") {
  const std::string tail =
      "    def _serve(self):\n"
      "        item = self._cache.pop(self.key())\n";
  auto source = [&](const std::string& before_iteration) {
    return "import threading\n"
           "class Sharer:\n"
           "    def __init__(self):\n"
           "        self._lock = threading.Lock()\n"
           "        self._cache = {}\n"
           "        self._thread = threading.Thread(target=self._serve)\n"
           "    def stop(self):\n"
           "        with self._lock:\n" +
           before_iteration +
           "            for item in self._cache.values():\n"
           "                item.close()\n"
           "            self._cache.clear()\n" +
           tail;
  };
  Built joined(source("            self._thread.join()\n"));
  CHECK_FALSE(joined.holds(&AccessModel::inconsistent_lock, "self._cache.pop"));
  Built running(source("            ', '.join(['not', 'a', 'thread'])\n"));
  CHECK(running.holds(&AccessModel::inconsistent_lock, "self._cache.pop"));
}

TEST_CASE("semantic model: a private method that other objects call only under a lock runs locked") {
  auto source = [](const std::string& call) {
    return "import threading\n"
           "class Task:\n"
           "    def _reset(self):\n"
           "        self._samples.clear()\n"
           "class Progress:\n"
           "    def __init__(self):\n"
           "        self._lock = threading.Lock()\n"
           "    def update(self, task):\n" +
           call;
  };
  Built locked(source("        with self._lock:\n            task._reset()\n"));
  Built unlocked(source("        task._reset()\n"));
  auto at = [](const Built& b) { return static_cast<std::uint32_t>(b.text.find("self._samples")); };
  CHECK(locked.model.locked_at(at(locked)));
  CHECK_FALSE(unlocked.model.locked_at(at(unlocked)));
}

TEST_CASE("semantic model: a decorator given a lock or condition runs the function locked") {
  Built b(
      "import threading\n"
      "class C:\n"
      "    cond = threading.Condition()\n"
      "    @cachedmethod(cache=lambda self: {}, condition=lambda self: self.cond)\n"
      "    def serialized(self):\n"
      "        self.count += 1\n"
      "    @cachedmethod(cache=lambda self: {})\n"
      "    def plain(self):\n"
      "        self.total += 1\n");
  CHECK(b.model.locked_at(static_cast<std::uint32_t>(b.text.find("self.count"))));
  CHECK_FALSE(b.model.locked_at(static_cast<std::uint32_t>(b.text.find("self.total"))));
}

TEST_CASE("access model: a teardown that skips the lock the class uses its state under") {
  auto source = [](const std::string& stop_body) {
    return "import threading\n"
           "class Handler:\n"
           "    def __init__(self, writer, stopper):\n"
           "        self.writer = writer\n"
           "        self.stopper = stopper\n"
           "        self.lock = threading.Lock()\n"
           "        self.sink = open('log', 'a')\n"
           "    def emit(self, message):\n"
           "        with self.lock:\n"
           "            self.writer.write(message)\n"
           "    def stop(self):\n" +
           stop_body;
  };
  CHECK(relation_lines(Built(source("        self.stopper()\n")), "teardown-without-lock") == std::vector<int>{12});
  CHECK(relation_lines(Built(source("        self.writer.close()\n")), "teardown-without-lock") == std::vector<int>{12});
  // Locked teardown; an object the class built itself; a method of the class.
  CHECK(relation_lines(Built(source("        with self.lock:\n            self.stopper()\n")), "teardown-without-lock").empty());
  CHECK(relation_lines(Built(source("        self.sink.close()\n")), "teardown-without-lock").empty());
  CHECK(relation_lines(Built(source("        self.emit(None)\n")), "teardown-without-lock").empty());
}

// The semantic model's state keys: what each spelling of shared state refers
// to, with the class it belongs to, and locals left without a key.
TEST_CASE("key_of names the scope, class and attribute of each kind of shared state") {
  Built built(
      "registry = {}\n"
      "class Cache:\n"
      "    entries = []\n"
      "    def put(self, x):\n"
      "        local = 1\n"
      "        registry[x] = local\n"
      "        self.size = 1\n"
      "        Cache.entries.append(x)\n"
      "    @classmethod\n"
      "    def reset(cls):\n"
      "        cls.entries = []\n");
  auto key_at = [&](const std::string& needle) {
    auto at = built.text.find(needle);
    REQUIRE(at != std::string::npos);
    TSNode node = ts_node_descendant_for_byte_range(built.tree.root(), static_cast<std::uint32_t>(at),
                                                    static_cast<std::uint32_t>(at + needle.size()));
    return built.model.key_of(node);
  };
  CHECK(key_at("registry[x]").empty());  // the subscript itself is no key ...
  CHECK(key_at("registry") == StateKey::global("registry"));  // ... the container it names is
  CHECK(key_at("self.size") == StateKey::instance(0, "size"));
  CHECK(key_at("Cache.entries") == StateKey::of_class(0, "entries"));
  CHECK(key_at("cls.entries") == StateKey::of_class(0, "entries"));
  CHECK(key_at("local").empty());  // bound in the function: a local
  CHECK(StateKey::instance(0, "size") != StateKey::of_class(0, "size"));
  CHECK(StateKey::instance(0, "a") < StateKey::instance(1, "a"));  // ordered: a map key
  CHECK(built.model.kind_of_key(StateKey::global("registry")) == ValueKind::dict);
  CHECK(built.model.kind_of_key(StateKey::of_class(0, "entries")) == ValueKind::list);
  CHECK(built.model.kind_of_key(StateKey{}) == ValueKind::other);
}

TEST_CASE("a file is thread-aware by an import statement of a threading module, not by the words in a string") {
  auto aware = [](const std::string& source) { return Built(source).model.is_thread_aware(); };
  CHECK(aware("import threading\n"));
  CHECK(aware("from concurrent.futures import ThreadPoolExecutor\n"));
  CHECK(aware("def f():\n    import queue\n    return queue.Queue()\n"));
  CHECK(aware("x = 1; import _thread\n"));
  CHECK_FALSE(aware("import threadingx\nimport os\n"));
  CHECK_FALSE(aware("USAGE = \"\"\"\nimport threading\n\"\"\"\n"));  // a docstring's example is not an import
  CHECK_FALSE(aware("# import threading\nimport os\n"));
  CHECK(aware("import os, threading as t\n"));
  CHECK_FALSE(aware("from . import threading\n"));  // a module of this package, not the standard one
}

TEST_CASE("a GUI file is one that imports a GUI toolkit, or one inside a GUI package") {
  auto gui = [](const std::string& source) { return Built(source).model.is_gui_file(); };
  CHECK(gui("import tkinter as tk\n"));
  CHECK(gui("from tkinter import ttk\n"));
  CHECK(gui("import curses.panel\n"));
  CHECK_FALSE(gui("HELP = \"\"\"\nimport tkinter\n\"\"\"\n"));
  CHECK_FALSE(gui("import turtledemo_helpers\n"));
}
