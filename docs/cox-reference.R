# R reference for `mmpipe summarize DIR --cox VAR,VAR,...` (SPEC 3 `cox.csv`): univariable Cox
# models (one per variable) and one multivariable model with all of them, for PFS and OS,
# by survival::coxph with its defaults (Efron ties), Wald 95% CI and P.
#
#   Rscript docs/cox-reference.R DIR OUT.csv VAR [VAR...]
#
# DIR holds adsl.csv and adtte.csv (as written by `mmpipe run`). Time = AVAL / 30.4375 months
# (AVALM without AVAL), event = CNSR == 0. A variable whose non-empty values all read as
# numbers is numeric (one linear term); any other is a factor with R's default coding
# (levels sorted, the first the reference; TERM = variable + level, e.g. ISSII). Empty cells
# are missing; each model uses its complete cases, whose count and events are N and EVENTS.
# Numbers are written with 10 significant digits; the tests compare them to 3 decimals.
suppressPackageStartupMessages(library(survival))
# Factor levels in byte order (C collation), as mmpipe sorts them; the same as a UTF-8 locale
# for the upper-case codes of ADSL (I < II < III, N < Y).
invisible(Sys.setlocale("LC_COLLATE", "C"))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; out <- args[2]; vars <- args[-(1:2)]
adsl <- read.csv(file.path(dir, "adsl.csv"), colClasses = "character", na.strings = "")
adtte <- read.csv(file.path(dir, "adtte.csv"), colClasses = "character", na.strings = "")
for (v in vars) {
  x <- adsl[[v]]
  num <- suppressWarnings(as.numeric(x))
  adsl[[v]] <- if (all(is.na(x) | !is.na(num))) num else factor(x)
}
fmt <- function(x) trimws(formatC(x, digits = 10, format = "g"))
rows <- list()
for (pc in c("PFS", "OS")) {
  tte <- adtte[adtte$PARAMCD == pc, ]
  tte$time <- if (!is.null(tte$AVAL)) as.numeric(tte$AVAL) / 30.4375 else as.numeric(tte$AVALM)
  tte$event <- as.integer(tte$CNSR == "0")
  d <- merge(tte[, c("USUBJID", "time", "event")], adsl[, c("USUBJID", vars), drop = FALSE], by = "USUBJID")
  d <- d[!is.na(d$time) & !is.na(d$event), ]
  models <- c(lapply(vars, function(v) list(model = "UNIVARIABLE", vars = v)),
              list(list(model = "MULTIVARIABLE", vars = vars)))
  for (m in models) {
    f <- as.formula(paste("Surv(time, event) ~", paste(m$vars, collapse = " + ")))
    fit <- coxph(f, data = d, ties = "efron")
    s <- summary(fit)$coefficients
    ci <- exp(confint(fit))
    for (term in rownames(s)) {
      rows[[length(rows) + 1]] <- data.frame(
        PARAMCD = pc, MODEL = m$model, TERM = term, HR = fmt(s[term, "exp(coef)"]),
        LCL = fmt(ci[term, 1]), UCL = fmt(ci[term, 2]), P = fmt(s[term, "Pr(>|z|)"]),
        N = fit$n, EVENTS = fit$nevent)
    }
  }
}
write.csv(do.call(rbind, rows), out, row.names = FALSE)
