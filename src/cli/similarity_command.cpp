// `wiredup similarity A B`: every score of two text files, side by side.
#include "commands.hpp"
#include "output.hpp"

#include <wiredup/error.hpp>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

namespace wiredup::cli {

command add_similarity_command(CLI::App& app) {
    struct args_t {
        std::string a, b;
        bool tsv = false;
        pipeline_options options;
    };
    auto args = std::make_shared<args_t>();
    auto* cmd = app.add_subcommand("similarity", "Print every similarity score of two text files");
    cmd->add_option("a", args->a, "First text file")->required()->check(CLI::ExistingFile);
    cmd->add_option("b", args->b, "Second text file")->required()->check(CLI::ExistingFile);
    cmd->add_flag("--tsv", args->tsv, "One TSV row with a header instead of aligned text");
    add_pipeline_options(*cmd, args->options);

    return [args, cmd]() -> int {
        if (!*cmd) return -1;
        const auto r = similarity(read_file(args->a), read_file(args->b), args->options);
        if (args->tsv) {
            std::cout << pairs_header() << "\tduplicate\n"
                      << tsv_field(args->a) << '\t' << tsv_field(args->b) << '\t' << pair_columns(r.scores) << '\t'
                      << (r.duplicate ? "yes" : "no") << '\n';
            return 0;
        }
        const auto& s = r.scores;
        std::cout << "a: " << args->a << " (" << r.shingles_a << " shingles)\n"
                  << "b: " << args->b << " (" << r.shingles_b << " shingles, " << r.common << " shared)\n"
                  << "  minhash        " << score(s.minhash) << "   MinHash estimate of Jaccard\n"
                  << "  jaccard        " << score(s.jaccard) << "   shared shingles / all shingles\n"
                  << "  containment_a  " << score(s.containment_a) << "   share of a found in b\n"
                  << "  containment_b  " << score(s.containment_b) << "   share of b found in a\n"
                  << "  cosine         " << score(s.cosine) << "   TF-IDF cosine of the words\n"
                  << "  duplicate      " << (r.duplicate ? "yes" : "no") << "     by the confirmation rule\n"
                  << "  relation       " << to_string(s.rel) << "   how b relates to a\n"
                  << "  numbers        " << (s.numbers_changed ? "changed" : "same") << "   numbers where the texts agree\n";
        return 0;
    };
}

} // namespace wiredup::cli
