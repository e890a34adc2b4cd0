// The import state file (tools/cli/import_state.hpp): written atomically, read back the
// same, and anything else refused.
#include "import_state.hpp"

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace flameup::cli {
namespace {

class ImportStateTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "flameup-state-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    path_ = (dir_ / "in.jsonl.progress").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void write(const std::string& text) { std::ofstream(path_) << text; }

  std::filesystem::path dir_;
  std::string path_;
};

TEST_F(ImportStateTest, SavedStateLoadsBackAndLeavesNoTemporaryFile) {
  ImportState state;
  state.lines = 1234;
  state.prefix_hash = 0xfedcba9876543210ULL;
  state.delivered = 1200;
  state.rejected = 4;
  state.invalid = 30;
  std::string error;
  ASSERT_TRUE(save_import_state(path_, state, error)) << error;
  const auto loaded = load_import_state(path_, error);
  ASSERT_TRUE(loaded) << error;
  EXPECT_TRUE(*loaded == state);
  EXPECT_FALSE(std::filesystem::exists(path_ + ".tmp"));
  state.lines = 1235;  // replaced, not appended
  ASSERT_TRUE(save_import_state(path_, state, error)) << error;
  EXPECT_EQ(load_import_state(path_, error)->lines, 1235);
}

TEST_F(ImportStateTest, NoFileIsNoStateAndNoError) {
  std::string error = "stale";
  EXPECT_FALSE(load_import_state(path_, error));
  EXPECT_EQ(error, "");
}

TEST_F(ImportStateTest, DamagedFilesAreRefused) {
  const std::string good_start = R"({"format":"flameup-import-state 1","prefix_hash":)";
  for (const std::string& text :
       {std::string("garbage"), std::string("{}"),
        std::string(R"({"format":"flameup-import-state 2","lines":1,"prefix_hash":)"
                    R"("0000000000000000","delivered":1,"rejected":0,"invalid":0})"),
        good_start + R"("00","lines":1,"delivered":1,"rejected":0,"invalid":0})",
        good_start + R"("0000000000000000","lines":-1,"delivered":0,"rejected":0,"invalid":0})",
        good_start + R"("0000000000000000","lines":1,"delivered":2,"rejected":0,"invalid":0})",
        good_start +
            R"("0000000000000000","lines":1e30,"delivered":0,"rejected":0,"invalid":0})"}) {
    write(text);
    std::string error;
    EXPECT_FALSE(load_import_state(path_, error)) << text;
    EXPECT_EQ(error, path_ + " is not a flameup import state file") << text;
  }
}

TEST_F(ImportStateTest, AnUnwritableDirectoryIsAnError) {
  std::string error;
  EXPECT_FALSE(save_import_state((dir_ / "missing" / "state").string(), ImportState{}, error));
  EXPECT_NE(error.find("cannot write the state file"), std::string::npos) << error;
}

}  // namespace
}  // namespace flameup::cli
