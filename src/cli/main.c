/* main.c - the rotas command-line tool: command dispatch. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cmd_summary(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_template(int argc, char **argv);
int cmd_gen(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_timetable(int argc, char **argv);
int cmd_plan(int argc, char **argv);
int cmd_approve(int argc, char **argv);
int cmd_plans(int argc, char **argv);
int cmd_revert(int argc, char **argv);
int cmd_render(int argc, char **argv);
int cmd_whatif(int argc, char **argv);
int cmd_simulate(int argc, char **argv);
int cmd_cover(int argc, char **argv);
int cmd_researchers(int argc, char **argv);
int cmd_shuttles(int argc, char **argv);

static const cli_command commands[] = {
    {"summary", N_("validate a county and print what it holds"), cmd_summary},
    {"import", N_("import a county (JSON, an Excel workbook or a CSV folder) into a database"),
     cmd_import},
    {"export", N_("write the county held in a database as JSON, Excel or CSV"), cmd_export},
    {"template", N_("write an empty Excel workbook to fill in with a county's data"), cmd_template},
    {"gen", N_("generate a synthetic county"), cmd_gen},
    {"plan", N_("make next year's rotation plan (who moves where)"), cmd_plan},
    {"plans", N_("list the plans saved in a county database, with their status"), cmd_plans},
    {"approve", N_("apply a saved rotation plan to the county database"), cmd_approve},
    {"revert", N_("undo the last approval exactly"), cmd_revert},
    {"timetable", N_("make a cluster's weekly timetable with itinerant teachers"), cmd_timetable},
    {"cover", N_("daily cover for absent teachers: substitutes, swaps, self-study"), cmd_cover},
    {"check", N_("verify a plan, timetable, cover or programme result, independently"), cmd_check},
    {"render", N_("write a result as XLSX, CSV or an HTML report"), cmd_render},
    {"whatif", N_("run a batch of what-if scenarios in worker processes"), cmd_whatif},
    {"simulate", N_("simulate rotation, retirements and hires over several years"), cmd_simulate},
    {"researchers", N_("link researchers to rural schools and plan their visits"), cmd_researchers},
    {"shuttles", N_("design teacher shuttle routes to village schools"), cmd_shuttles},
};
static const size_t n_commands = sizeof commands / sizeof commands[0];

int cli_quiet = 0;
int cli_verbose = 0;

static void usage(FILE *f)
{
    fputs(_("usage: rotas <command> [options]\n\n"
            "Teacher rotation (交流轮岗) and cluster timetables (走教) for a county education\n"
            "bureau, solved as integer programs with GLPK.\n\ncommands:\n"),
          f);
    for (size_t i = 0; i < n_commands; i++)
        fprintf(f, "  %-11s %s\n", commands[i].name, _(commands[i].summary));
    fputs(_("\n'rotas <command> --help' explains a command with an example.\n"
            "Messages in Chinese: --lang zh (or a zh_* locale); in English: --lang en.\n"
            "Exit status: 0 ok, 1 error, 2 bad input or usage, 3 infeasible.\n"),
          f);
}

/* What a command printed on stdout must have arrived: a failed write (a full disk, /dev/full,
   a closed pipe) is an error, exit 1, never a silent success. */
static int finish_stdout(int code)
{
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        cli_error(_("standard output: write failed: %s"), strerror(errno ? errno : EIO));
        return code == EXIT_OK ? EXIT_ERR : code;
    }
    return code;
}

int main(int argc, char **argv)
{
    cli_i18n_init(&argc, argv);
    if (argc < 2) {
        usage(stderr);
        return EXIT_INPUT;
    }
    if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
        usage(stdout);
        return EXIT_OK;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("rotas %s\n", ROTAS_VERSION);
        return EXIT_OK;
    }
    for (size_t i = 0; i < n_commands; i++)
        if (!strcmp(argv[1], commands[i].name)) {
            int code = commands[i].run(argc - 1, argv + 1);
            return finish_stdout(code);
        }
    cli_error(_("unknown command '%s' (try 'rotas --help')"), argv[1]);
    return EXIT_INPUT;
}
