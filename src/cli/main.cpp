// The wiredup command-line tool: a user program of the library. Exit codes: 0 success, 1 error
// (wiredup: error: ... on stderr), 2 usage.
#include "commands.hpp"

#include <wiredup/error.hpp>

#include <exception>
#include <iostream>
#include <vector>

int main(int argc, char** argv) {
    CLI::App app{"wiredup: find near-duplicate news stories and group them", "wiredup"};
    app.require_subcommand(1);
    app.set_version_flag("--version", "wiredup 0.1.0");
    const std::vector<wiredup::cli::command> commands{
        wiredup::cli::add_dedup_command(app),
        wiredup::cli::add_compare_command(app),
        wiredup::cli::add_similarity_command(app),
        wiredup::cli::add_explain_command(app),
        wiredup::cli::add_eval_command(app),
        wiredup::cli::add_score_command(app),
    };
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int code = app.exit(e);
        return code == 0 ? 0 : 2;
    }
    try {
        for (const auto& run : commands)
            if (const int code = run(); code >= 0) return code;
        return 2;
    } catch (const wiredup::error& e) {
        std::cerr << "wiredup: error: " << e.what() << '\n';
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "wiredup: error: " << e.what() << '\n';
        return 1;
    }
}
