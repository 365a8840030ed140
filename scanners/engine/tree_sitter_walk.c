/* See tree_sitter_walk.h. This mirrors ts_node_child_iterator_next and
 * ts_tree_cursor_goto_first_child of tree-sitter 0.25.0 (node.c, tree_cursor.c):
 * a node's position is where its padding ends; extras take no alias and no
 * structural index; hidden nodes are transparent (their children are walked
 * in their place, with their own production's aliases). */
#include "tree_sitter_walk.h"

#include <stdlib.h>

#include "language.h"
#include "subtree.h"
#include "tree.h"

/* ts_node_new of node.c, which is not in a header: an out-of-line call per
 * node was a sixth of gilfree_visible_children's time. */
static inline TSNode node_at(const TSTree *tree, const Subtree *subtree, Length position, TSSymbol alias) {
  TSNode node = {{position.bytes, position.extent.row, position.extent.column, alias}, subtree, tree};
  return node;
}

/* One level of the walk: the children still to visit and the production's
 * aliases. Positions are kept in locals (only saved here when descending):
 * writing a Length field by field and reading it back whole stalls the
 * store buffer on every child. */
typedef struct {
  const Subtree *next, *end;
  const TSSymbol *aliases;
  uint32_t structural_index;
  bool started;     /* a child was visited: the next one's padding counts */
  Length position;  /* where the parent level resumes (after this level's node) */
} WalkLevel;

static bool push_level(WalkLevel **stack, uint32_t *size, uint32_t *capacity, WalkLevel level) {
  if (*size == *capacity) {
    uint32_t grown = *capacity ? *capacity * 2 : 64;
    WalkLevel *resized = realloc(*stack, grown * sizeof **stack);
    if (!resized) return false;
    *stack = resized;
    *capacity = grown;
  }
  (*stack)[(*size)++] = level;
  return true;
}

static WalkLevel level_of(const TSLanguage *language, Subtree parent) {
  const Subtree *children = ts_subtree_children(parent);
  WalkLevel level = {children, children + parent.ptr->child_count,
                     ts_language_alias_sequence(language, parent.ptr->production_id), 0, false, {0, {0, 0}}};
  return level;
}

bool gilfree_walk_wanted_nodes(const TSTree *tree, const uint8_t *wanted, uint32_t wanted_count,
                               gilfree_node_visitor visit, void *context) {
  const TSLanguage *language = tree->language;
  TSNode root = ts_tree_root_node(tree);
  TSSymbol root_symbol = ts_node_symbol(root);
  if (root_symbol < wanted_count && wanted[root_symbol]) visit(context, root, root_symbol);
  if (ts_subtree_child_count(tree->root) == 0) return true;

  WalkLevel *stack = NULL;
  uint32_t size = 0, capacity = 0;
  WalkLevel level = level_of(language, tree->root);
  Length position = {ts_node_start_byte(root), ts_node_start_point(root)};
  for (;;) {
    if (level.next == level.end) {
      if (size == 0) break;
      level = stack[--size];
      position = level.position;
      continue;
    }
    const Subtree *child = level.next++;
    Subtree subtree = *child;
    bool is_inline = subtree.data.is_inline;
    bool extra = is_inline ? subtree.data.extra : subtree.ptr->extra;
    TSSymbol alias = 0;
    if (!extra) {
      if (level.aliases) alias = level.aliases[level.structural_index];
      level.structural_index++;
    }
    if (level.started) position = length_add(position, ts_subtree_padding(subtree));
    level.started = true;
    Length start = position;
    position = length_add(position, ts_subtree_size(subtree));
    bool visible = is_inline ? subtree.data.visible : subtree.ptr->visible;
    if (visible || alias) {
      TSSymbol symbol = alias ? alias : (is_inline ? subtree.data.symbol : subtree.ptr->symbol);
      if (symbol != ts_builtin_sym_error) symbol = language->public_symbol_map[symbol];
      if (symbol < wanted_count && wanted[symbol]) visit(context, node_at(tree, child, start, alias), symbol);
    }
    if (!is_inline && subtree.ptr->child_count > 0) {
      level.position = position;
      if (!push_level(&stack, &size, &capacity, level)) {
        free(stack);
        return false;
      }
      level = level_of(language, subtree);
      position = start;
    }
  }
  free(stack);
  return true;
}

/* The field of the child at `structural_index` in a production's field map
 * (non-inherited entries only, as the cursor reads them). The map is in field
 * order, not child order, and holds a handful of entries: a plain scan. */
static TSFieldId own_field(const TSLanguage *language, Subtree parent, uint32_t structural_index) {
  const TSFieldMapEntry *map, *end;
  ts_language_field_map(language, parent.ptr->production_id, &map, &end);
  for (; map < end; map++) {
    if (!map->inherited && map->child_index == structural_index) return map->field_id;
  }
  return 0;
}

/* Whether the production has `field` at a child after `structural_index`. */
static bool field_later(const TSLanguage *language, Subtree parent, uint32_t structural_index, TSFieldId field) {
  const TSFieldMapEntry *map, *end;
  ts_language_field_map(language, parent.ptr->production_id, &map, &end);
  for (; map < end; map++) {
    if (map->field_id == field && map->child_index > structural_index) return true;
  }
  return false;
}

typedef struct {
  WalkLevel children;
  Subtree parent;
  uint32_t structural_index; /* of this (hidden) level's node in the level above */
} HiddenLevel;

/* A visible child's field and whether a later sibling may share it, read
 * upward through the hidden levels it sits in, as
 * ts_tree_cursor_current_field_id and ts_tree_cursor_current_status do. */
static void child_field(const TSLanguage *language, const HiddenLevel *stack, uint32_t size,
                        uint32_t structural_index, TSFieldId *field, bool *later) {
  *field = 0;
  *later = false;
  for (uint32_t level = size; level-- > 0;) {
    if (!*field) *field = own_field(language, stack[level].parent, structural_index);
    if (*field && !*later) *later = field_later(language, stack[level].parent, structural_index, *field);
    structural_index = stack[level].structural_index;
  }
}

enum { kMaxHiddenDepth = 256 };

uint32_t gilfree_visible_children(TSNode node, gilfree_child *out, uint32_t capacity) {
  const TSTree *tree = node.tree;
  const TSLanguage *language = tree->language;
  Subtree subtree = *(const Subtree *)node.id;
  if (ts_subtree_child_count(subtree) == 0) return 0;
  HiddenLevel stack[kMaxHiddenDepth];
  uint32_t size = 0, count = 0;
  Length position = {ts_node_start_byte(node), ts_node_start_point(node)};
  stack[size++] = (HiddenLevel){level_of(language, subtree), subtree, 0};
  while (size > 0) {
    HiddenLevel *level = &stack[size - 1];
    if (level->children.next == level->children.end) {
      /* A hidden level ends where its node does: `position` is already there. */
      --size;
      continue;
    }
    const Subtree *child = level->children.next++;
    Subtree current = *child;
    bool is_inline = current.data.is_inline;
    bool extra = is_inline ? current.data.extra : current.ptr->extra;
    TSSymbol alias = 0;
    uint32_t structural_index = level->children.structural_index;
    if (!extra) {
      if (level->children.aliases) alias = level->children.aliases[structural_index];
      level->children.structural_index++;
    }
    if (level->children.started) position = length_add(position, ts_subtree_padding(current));
    level->children.started = true;
    bool visible = is_inline ? current.data.visible : current.ptr->visible;
    if (visible || alias) {
      if (count < capacity) {
        TSFieldId field = 0;
        bool later = false;
        if (!extra) child_field(language, stack, size, structural_index, &field, &later);
        TSSymbol symbol = alias ? alias : (is_inline ? current.data.symbol : current.ptr->symbol);
        bool named = alias ? ts_language_symbol_metadata(language, alias).named
                           : (is_inline ? current.data.named : current.ptr->named);
        if (symbol != ts_builtin_sym_error) symbol = language->public_symbol_map[symbol];
        out[count] = (gilfree_child){node_at(tree, child, position, alias), field, symbol, named, later};
      }
      count++;
    } else if (!is_inline && current.ptr->child_count > 0) {
      if (size == kMaxHiddenDepth) return UINT32_MAX;
      /* Its children start where it starts: `position` stays. */
      stack[size++] = (HiddenLevel){level_of(language, current), current, structural_index};
      continue;
    }
    position = length_add(position, ts_subtree_size(current));
  }
  return count;
}

/* The production's field map narrowed to `field`'s entries (sorted by field id). */
static bool field_entries(const TSLanguage *language, Subtree parent, TSFieldId field, const TSFieldMapEntry **map,
                          const TSFieldMapEntry **end) {
  ts_language_field_map(language, parent.ptr->production_id, map, end);
  while (*map < *end && (*map)->field_id < field) ++*map;
  while (*map < *end && (*end)[-1].field_id > field) --*end;
  return *map < *end;
}

static uint32_t visible_child_count(Subtree subtree) {
  return ts_subtree_child_count(subtree) > 0 ? subtree.ptr->visible_child_count : 0;
}

/* ts_node_child(node, 0): the first visible child, looked for inside hidden
 * children (a field often names a hidden node, whose first visible child is
 * what the library answers). */
static TSNode first_visible_child(TSNode node) {
  const TSTree *tree = node.tree;
  for (bool descend = true; descend;) {
    descend = false;
    WalkLevel level = level_of(tree->language, *(const Subtree *)node.id);
    Length position = {ts_node_start_byte(node), ts_node_start_point(node)};
    for (; level.next < level.end && !descend; level.started = true) {
      const Subtree *child = level.next++;
      Subtree current = *child;
      if (level.started) position = length_add(position, ts_subtree_padding(current));
      Length start = position;
      position = length_add(position, ts_subtree_size(current));
      TSSymbol alias = 0;
      if (!ts_subtree_extra(current)) {
        if (level.aliases) alias = level.aliases[level.structural_index];
        level.structural_index++;
      }
      TSNode found = node_at(tree, child, start, alias);
      if (ts_subtree_visible(current) || alias) return found;
      if (visible_child_count(current) > 0) {
        node = found;
        descend = true;
      }
    }
  }
  const TSNode null_node = {{0, 0, 0, 0}, NULL, NULL};
  return null_node;
}

TSNode gilfree_child_by_field_id(TSNode node, TSFieldId field) {
  const TSNode null_node = {{0, 0, 0, 0}, NULL, NULL};
  const TSTree *tree = node.tree;
  for (;;) { /* each pass looks one level down, as the library's tail call does */
    if (!field || !node.id) return null_node;
    Subtree parent = *(const Subtree *)node.id;
    if (visible_child_count(parent) == 0) return null_node;
    const TSLanguage *language = tree->language;
    const TSFieldMapEntry *map, *end;
    if (!field_entries(language, parent, field, &map, &end)) return null_node;
    WalkLevel level = level_of(language, parent);
    Length position = {ts_node_start_byte(node), ts_node_start_point(node)};
    bool descend = false;
    for (; level.next < level.end && !descend; level.started = true) {
      const Subtree *child = level.next++;
      Subtree current = *child;
      if (level.started) position = length_add(position, ts_subtree_padding(current));
      Length start = position;
      position = length_add(position, ts_subtree_size(current));
      if (ts_subtree_extra(current)) continue;
      TSSymbol alias = level.aliases ? level.aliases[level.structural_index] : 0;
      uint32_t index = level.structural_index++;
      if (index < map->child_index) continue;
      TSNode found = node_at(tree, child, start, alias);
      if (map->inherited) {
        /* The field sits inside this hidden child: the last candidate is
         * searched in place of the parent, earlier ones by a nested lookup. */
        if (map + 1 == end) {
          node = found;
          descend = true;
          continue;
        }
        TSNode inner = gilfree_child_by_field_id(found, field);
        if (inner.id) return inner;
      } else if (ts_subtree_visible(current) || alias) {
        return found;
      } else if (visible_child_count(current) > 0) {
        return first_visible_child(found);
      }
      if (++map == end) return null_node;
    }
    if (!descend) return null_node;
  }
}
