// key-echo-server: the KeyEchoServer (tests/support/key_echo_server.hpp) as a program, for the
// CLI tests. Prints "key-echo-server listening on <base url> (<n> spellings)" and, with
// --spellings FILE, writes to FILE the n spellings it will echo the key it receives in
// (given that key with --key), one a line, so the test can search its output for them.
// Runs until SIGINT or SIGTERM.
#include <fstream>
#include <iostream>
#include <string>

#include "key_echo_server.hpp"
#include "key_spellings.hpp"
#include "stop_signals.hpp"

int main(int argc, char** argv) {
  std::string key;
  std::string spellings_path;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string option = argv[i];
    if (option == "--key") key = argv[i + 1];
    if (option == "--spellings") spellings_path = argv[i + 1];
  }
  const auto spellings = flameup::testing::key_spellings(key);
  if (!spellings_path.empty()) {
    std::ofstream out(spellings_path);
    for (const auto& spelling : spellings) out << spelling.text << "\n";
  }
  const sigset_t stop_signals = flameup::testing::block_stop_signals();

  flameup::testing::KeyEchoServer server;
  if (server.port() <= 0) {
    std::cerr << "key-echo-server: could not listen\n";
    return 1;
  }
  std::cout << "key-echo-server listening on " << server.base_url() << " (" << spellings.size()
            << " spellings)" << std::endl;
  flameup::testing::wait_for_stop_signal(stop_signals);
  return 0;
}
