#include <catch2/catch.hpp>

#include "scanners/git/git_diff.hpp"
#include "support/git_test_repo.hpp"

using namespace gilfree::scanners;
using gilfree::test::GitTestRepo;

namespace {

Finding finding_at(int line) {
  Finding finding;
  finding.rule_id = "FT001";
  finding.line = line;
  return finding;
}

}  // namespace

TEST_CASE("changed lines against the index: added and modified lines, new side numbering") {
  GitTestRepo repo;
  repo.write_and_stage("a.py", "one\ntwo\nthree\nfour\n");
  repo.commit("first");
  repo.write_and_stage("a.py", "zero\none\nTWO\nthree\n");  // added line 1, changed line 3, deleted four
  repo.write("a.py", "only in the work tree\n");
  auto changed = changed_lines(repo.open(), "HEAD", DiffTarget::index);
  REQUIRE(changed.count("a.py") == 1);
  CHECK(changed.at("a.py") == std::set<int>{1, 3});
}

TEST_CASE("changed lines against the work tree include unstaged edits and untracked files") {
  GitTestRepo repo;
  repo.write_and_stage(".gitignore", "ignored.py\n");
  repo.write_and_stage("a.py", "one\ntwo\n");
  repo.commit("first");
  repo.write("a.py", "one\ntwo\nthree\n");
  repo.write("new.py", "x\ny\n");
  repo.write("ignored.py", "z\n");
  auto changed = changed_lines(repo.open(), "HEAD", DiffTarget::worktree);
  CHECK(changed.at("a.py") == std::set<int>{3});
  CHECK(changed.at("new.py") == std::set<int>{1, 2});
  CHECK(changed.count("ignored.py") == 0);
  CHECK(changed.count(".gitignore") == 0);
}

TEST_CASE("only deletions, or a pure rename, add no lines") {
  GitTestRepo repo;
  std::string body = "line 1\nline 2\nline 3\nline 4\nline 5\nline 6\nline 7\nline 8\n";
  repo.write_and_stage("old_name.py", body);
  repo.write_and_stage("shrink.py", "a\nb\nc\n");
  repo.commit("first");
  auto opened = repo.open();
  {
    git_index* index = nullptr;
    gilfree::test::git_ok(git_repository_index(&index, repo.get()), "index");
    gilfree::test::git_ok(git_index_remove_bypath(index, "old_name.py"), "rm");
    gilfree::test::git_ok(git_index_write(index), "write");
    git_index_free(index);
  }
  std::filesystem::remove(repo.path() / "old_name.py");
  repo.write_and_stage("new_name.py", body);
  repo.write_and_stage("shrink.py", "a\nc\n");
  auto changed = changed_lines(repo.open(), "HEAD", DiffTarget::index);
  CHECK(changed.empty());
}

TEST_CASE("no base (first commit): every line of every staged file is new") {
  GitTestRepo repo;
  repo.write_and_stage("a.py", "a\nb\n");
  auto opened = repo.open();
  REQUIRE(opened.head_unborn());
  auto changed = changed_lines(opened, std::nullopt, DiffTarget::index);
  CHECK(changed.at("a.py") == std::set<int>{1, 2});
}

TEST_CASE("diff against an older revision spans several commits") {
  GitTestRepo repo;
  repo.write_and_stage("a.py", "a\n");
  auto base = repo.commit("first");
  repo.write_and_stage("a.py", "a\nb\n");
  repo.commit("second");
  repo.write_and_stage("a.py", "a\nb\nc\n");
  repo.commit("third");
  CHECK(changed_lines(repo.open(), base, DiffTarget::worktree).at("a.py") == std::set<int>{2, 3});
  CHECK(changed_lines(repo.open(), "HEAD", DiffTarget::worktree).empty());
}

TEST_CASE("an unknown diff base is a UserError") {
  GitTestRepo repo;
  repo.write_and_stage("a.py", "a\n");
  repo.commit("first");
  CHECK_THROWS_WITH(changed_lines(repo.open(), "origin/main", DiffTarget::worktree),
                    Catch::Contains("unknown revision 'origin/main'"));
}

TEST_CASE("findings are kept only on changed lines") {
  ChangedLines changed{{"a.py", {2, 5}}};
  FileResult result;
  result.findings = {finding_at(1), finding_at(2), finding_at(5), finding_at(6)};
  keep_findings_on_changed_lines(result, "a.py", changed);
  REQUIRE(result.findings.size() == 2);
  CHECK(result.findings[0].line == 2);
  CHECK(result.findings[1].line == 5);
  FileResult other;
  other.findings = {finding_at(2)};
  keep_findings_on_changed_lines(other, "b.py", changed);
  CHECK(other.findings.empty());
}

TEST_CASE("a new or changed binary file is listed with no line, so it is read and its skip is noted") {
  GitTestRepo repo;
  repo.write_and_stage("old.py", std::string("x = 1\0\n", 7));
  repo.commit("first");
  repo.write_and_stage("old.py", std::string("x = 2\0\n", 7));
  repo.write_and_stage("new.py", std::string("y = 1\0\n", 7));
  auto changed = changed_lines(repo.open(), "HEAD", DiffTarget::index);
  CHECK(changed == ChangedLines{{"new.py", {}}, {"old.py", {}}});
}
