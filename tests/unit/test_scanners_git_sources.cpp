#include <catch2/catch.hpp>

#include <algorithm>

#include "common/errors.hpp"
#include "scanners/git/blob_id.hpp"
#include "scanners/git/git_sources.hpp"
#include "support/git_test_repo.hpp"

using namespace gilfree::scanners;
using gilfree::test::GitTestRepo;

namespace {

std::vector<std::string> paths_of(const SourceSet& set) {
  std::vector<std::string> paths;
  for (const auto& file : set.files) paths.push_back(file.path);
  return paths;
}

const SourceFile& file_named(const SourceSet& set, const std::string& path) {
  auto found = std::find_if(set.files.begin(), set.files.end(), [&](const auto& f) { return f.path == path; });
  if (found == set.files.end()) throw std::runtime_error("no source " + path);
  return *found;
}

bool has_note_containing(const SourceSet& set, const std::string& text) {
  return std::any_of(set.notes.begin(), set.notes.end(),
                     [&](const auto& note) { return note.find(text) != std::string::npos; });
}

}  // namespace

TEST_CASE("work tree sources: tracked and untracked Python files, .gitignore honoured") {
  GitTestRepo repo;
  repo.write_and_stage(".gitignore", "build/\nsecret_*.py\n");
  repo.write_and_stage("pkg/tracked.py", "x = 1\n");
  repo.commit("first");
  repo.write("pkg/untracked.py", "y = 2\n");
  repo.write("build/generated.py", "z = 3\n");
  repo.write("secret_keys.py", "k = 4\n");
  repo.write("notes.txt", "not python\n");
  auto sources = worktree_sources(repo.open());
  CHECK(paths_of(sources) == std::vector<std::string>{"pkg/tracked.py", "pkg/untracked.py"});
  CHECK(file_named(sources, "pkg/untracked.py").content == "y = 2\n");
}

TEST_CASE("work tree sources carry git's blob id for the content") {
  GitTestRepo repo;
  repo.write_and_stage("a.py", "print('hello')\n");
  auto staged = index_sources(repo.open());
  auto worktree = worktree_sources(repo.open());
  REQUIRE(worktree.files.size() == 1);
  CHECK(worktree.files[0].blob_id == staged.files[0].blob_id);
  // `git hash-object` of "print('hello')\n"
  CHECK(worktree.files[0].blob_id == blob_id_of("print('hello')\n"));
  CHECK(worktree.files[0].blob_id.size() == 40);
}

TEST_CASE("work tree sources: a file deleted from the work tree is not read") {
  GitTestRepo repo;
  repo.write_and_stage("gone.py", "a = 1\n");
  repo.write_and_stage("kept.py", "b = 1\n");
  repo.commit("first");
  std::filesystem::remove(repo.path() / "gone.py");
  CHECK(paths_of(worktree_sources(repo.open())) == std::vector<std::string>{"kept.py"});
}

TEST_CASE("index sources are the staged blobs, not the work-tree files") {
  GitTestRepo repo;
  repo.write_and_stage("app.py", "count = 0\n");
  repo.commit("first");
  repo.write_and_stage("app.py", "count += 1\n");    // staged
  repo.write("app.py", "count = 0  # fixed, not staged\n");  // work tree differs
  auto staged = index_sources(repo.open());
  REQUIRE(staged.files.size() == 1);
  CHECK(staged.files[0].content == "count += 1\n");
  CHECK(staged.files[0].blob_id == blob_id_of("count += 1\n"));
  auto worktree = worktree_sources(repo.open());
  CHECK(worktree.files[0].content == "count = 0  # fixed, not staged\n");
}

TEST_CASE("revision sources read a commit's tree without checking it out") {
  GitTestRepo repo;
  repo.write_and_stage("m.py", "v = 1\n");
  auto first = repo.commit("first");
  repo.write_and_stage("m.py", "v = 2\n");
  repo.write_and_stage("n.py", "w = 1\n");
  repo.commit("second");
  auto old = revision_sources(repo.open(), first);
  REQUIRE(old.files.size() == 1);
  CHECK(old.files[0].content == "v = 1\n");
  CHECK(paths_of(revision_sources(repo.open(), "HEAD")) == std::vector<std::string>{"m.py", "n.py"});
  CHECK(revision_sources(repo.open(), "HEAD~1").files[0].content == "v = 1\n");
}

TEST_CASE("a bare repository: --rev works, the work tree is a clear error") {
  GitTestRepo repo(/*bare=*/true);
  repo.stage_blob("lib/core.py", "total += 1\n");
  repo.commit("first");
  auto opened = repo.open();
  CHECK(opened.is_bare());
  auto sources = revision_sources(opened, "HEAD");
  REQUIRE(sources.files.size() == 1);
  CHECK(sources.files[0].path == "lib/core.py");
  CHECK(sources.files[0].content == "total += 1\n");
  CHECK_THROWS_WITH(worktree_sources(opened), Catch::Contains("bare repository") && Catch::Contains("--rev"));
}

TEST_CASE("a repository with no commits: work tree and index scan, HEAD is an unknown revision") {
  GitTestRepo repo;
  repo.write_and_stage("first.py", "a = 1\n");
  repo.write("draft.py", "b = 2\n");
  auto opened = repo.open();
  CHECK(opened.head_unborn());
  CHECK(paths_of(index_sources(opened)) == std::vector<std::string>{"first.py"});
  CHECK(paths_of(worktree_sources(opened)) == std::vector<std::string>{"draft.py", "first.py"});
  CHECK_THROWS_AS(revision_sources(opened, "HEAD"), gilfree::UserError);
}

TEST_CASE("an unknown revision is a UserError naming it") {
  GitTestRepo repo;
  repo.write_and_stage("a.py", "a = 1\n");
  repo.commit("first");
  CHECK_THROWS_WITH(revision_sources(repo.open(), "no-such-branch"),
                    Catch::Contains("unknown revision 'no-such-branch'"));
  CHECK_THROWS_AS(revision_sources(repo.open(), "HEAD~5"), gilfree::UserError);
}

TEST_CASE("not a git repository is a UserError") {
  gilfree::test::TempDir dir;
  CHECK_THROWS_WITH(GitRepository::discover(dir.path()), Catch::StartsWith("not a git repository"));
}

TEST_CASE("submodules are skipped with a note in every kind of source") {
  GitTestRepo repo;
  repo.write_and_stage("main.py", "a = 1\n");
  repo.write_and_stage(".gitmodules", "[submodule \"vendor/lib\"]\n\tpath = vendor/lib\n\turl = ../lib\n");
  // A gitlink entry, as `git submodule add` leaves in the index.
  {
    git_index* index = nullptr;
    gilfree::test::git_ok(git_repository_index(&index, repo.get()), "index");
    git_index_entry entry{};
    entry.mode = GIT_FILEMODE_COMMIT;
    git_oid_fromstr(&entry.id, "0123456789abcdef0123456789abcdef01234567");
    entry.path = "vendor/lib";
    gilfree::test::git_ok(git_index_add(index, &entry), "add gitlink");
    gilfree::test::git_ok(git_index_write(index), "write");
    git_index_free(index);
  }
  repo.commit("with submodule");
  repo.write("vendor/lib/inner.py", "b = 2\n");
  repo.write("vendor/lib/.git", "gitdir: ../../.git/modules/lib\n");
  auto opened = repo.open();
  for (const auto& set : {index_sources(opened), revision_sources(opened, "HEAD"), worktree_sources(opened)}) {
    CHECK(paths_of(set) == std::vector<std::string>{"main.py"});
    CHECK(has_note_containing(set, "submodule vendor/lib skipped"));
  }
}

TEST_CASE("symlinks are not followed, and non-Python files are left out") {
  GitTestRepo repo;
  repo.write_and_stage("real.py", "a = 1\n");
  std::filesystem::create_symlink("real.py", repo.path() / "link.py");
  repo.write("data.json", "{}");
  CHECK(paths_of(worktree_sources(repo.open())) == std::vector<std::string>{"real.py"});
}

TEST_CASE("pathspecs and a custom filter narrow every kind of source") {
  GitTestRepo repo;
  repo.write_and_stage("src/a.py", "a = 1\n");
  repo.write_and_stage("tests/b.py", "b = 1\n");
  repo.write_and_stage("src/c.txt", "c\n");
  repo.commit("first");
  SourceOptions options;
  options.pathspecs = {"src"};
  auto opened = repo.open();
  CHECK(paths_of(worktree_sources(opened, options)) == std::vector<std::string>{"src/a.py"});
  CHECK(paths_of(index_sources(opened, options)) == std::vector<std::string>{"src/a.py"});
  CHECK(paths_of(revision_sources(opened, "HEAD", options)) == std::vector<std::string>{"src/a.py"});
  options.filter = [](std::string_view path) { return path.ends_with(".txt"); };
  CHECK(paths_of(revision_sources(opened, "HEAD", options)) == std::vector<std::string>{"src/c.txt"});
}

TEST_CASE("binary and non-UTF-8 content is passed through byte for byte") {
  GitTestRepo repo;
  std::string bytes("x = '\xff\xfe'\0\n", 11);
  repo.write_and_stage("odd.py", bytes);
  repo.commit("first");
  CHECK(revision_sources(repo.open(), "HEAD").files[0].content == bytes);
  CHECK(worktree_sources(repo.open()).files[0].content == bytes);
  CHECK(worktree_sources(repo.open()).files[0].blob_id == index_sources(repo.open()).files[0].blob_id);
}

TEST_CASE("work tree blob ids match the bytes read, with and without eol filters") {
  GitTestRepo repo;
  repo.write_and_stage("plain.py", "a = 1\nb = 2\n");
  repo.write_and_stage(".gitattributes", "crlf.py text eol=crlf\n");
  repo.write_and_stage("crlf.py", "c = 3\n");
  repo.commit("first");
  repo.write("crlf.py", "c = 3\r\n");  // what a checkout with eol=crlf leaves
  auto sources = worktree_sources(repo.open());
  REQUIRE(sources.files.size() == 2);
  for (const auto& file : sources.files) {
    INFO(file.path);
    CHECK(file.blob_id == blob_id_of(file.content));
  }
}

TEST_CASE("revision_sources: a revision naming a blob says so and how to name the file instead") {
  GitTestRepo repo;
  repo.write_and_stage("a.py", "a = 1\n");
  repo.commit("first");
  try {
    revision_sources(repo.open(), "HEAD:a.py");
    FAIL("a blob was read as a tree");
  } catch (const gilfree::UserError& error) {
    CHECK(std::string(error.what()) ==
          "revision 'HEAD:a.py' names a blob, not a commit or tree; give a commit and the file as a path "
          "(gilfree scan --rev HEAD path/to/file.py)");
  }
}
