# Reference Kaplan–Meier numbers for `mmpipe summarize` (RULES.md 8), computed by R's
# survival package with its defaults (survfit: conf.type = "log", Greenwood variance;
# quantile.survfit for the median and its CI; summary(fit, times, extend = FALSE) for the
# 12/24-month rates; survdiff for the log-rank test; reverse KM for median follow-up).
#
# Usage:  Rscript docs/km-reference.R DIR OUT.csv [BYVAR ...]
#   DIR holds adtte.csv (and adsl.csv when BYVARs are given); times in months = AVAL / 30.4375.
#   One row per PARAMCD (PFS, OS, TTNT) and stratum: BYVAR empty + STRATUM ALL, then for each
#   BYVAR one row per non-missing value (patients with the value missing are left out, as
#   survfit does with NA). Numbers are written with 15 significant digits; NA = empty.
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
if (length(args) < 2) stop("usage: Rscript km-reference.R DIR OUT.csv [BYVAR ...]")
dir <- args[1]; out <- args[2]; byvars <- args[-(1:2)]
adtte <- read.csv(file.path(dir, "adtte.csv"), colClasses = "character", na.strings = "")
adsl <- if (length(byvars)) read.csv(file.path(dir, "adsl.csv"), colClasses = "character", na.strings = "") else NULL
adtte$time <- as.numeric(adtte$AVAL) / 30.4375
adtte$status <- 1 - as.integer(adtte$CNSR)

num <- function(x) {
  x <- unname(as.numeric(x))
  if (length(x) == 0 || is.na(x)) "" else sprintf("%.15g", x)
}

kmrow <- function(d) {
  fit <- survfit(Surv(time, status) ~ 1, data = d)
  q <- quantile(fit, probs = 0.5)
  # extend = FALSE: no rate beyond the last observed time (summary errors when none is left).
  landmarks <- c(12, 24)[c(12, 24) <= max(d$time)]
  s <- if (length(landmarks)) summary(fit, times = landmarks, extend = FALSE) else NULL
  at <- function(t, what) { i <- which(abs(s$time - t) < 1e-9); if (length(i)) s[[what]][i] else NA }
  rev <- survfit(Surv(time, 1 - status) ~ 1, data = d)
  qr <- quantile(rev, probs = 0.5)
  c(N = nrow(d), EVENTS = sum(d$status),
    MEDIAN = num(q$quantile), MEDIAN_LCL = num(q$lower), MEDIAN_UCL = num(q$upper),
    RATE12 = num(at(12, "surv")), RATE12_LCL = num(at(12, "lower")), RATE12_UCL = num(at(12, "upper")),
    RATE24 = num(at(24, "surv")), RATE24_LCL = num(at(24, "lower")), RATE24_UCL = num(at(24, "upper")),
    FU_MEDIAN = num(qr$quantile), FU_LCL = num(qr$lower), FU_UCL = num(qr$upper))
}

rows <- list()
for (p in c("PFS", "OS", "TTNT")) {
  d <- adtte[adtte$PARAMCD == p & !is.na(adtte$time) & !is.na(adtte$status), ]
  rows[[length(rows) + 1]] <- c(PARAMCD = p, BYVAR = "", STRATUM = "ALL", kmrow(d), LOGRANK_CHISQ = "", LOGRANK_DF = "", LOGRANK_P = "")
  for (v in byvars) {
    d$g <- adsl[[v]][match(d$USUBJID, adsl$USUBJID)]
    dd <- d[!is.na(d$g), ]
    lr <- if (length(unique(dd$g)) >= 2) survdiff(Surv(time, status) ~ g, data = dd) else NULL
    for (g in sort(unique(dd$g))) {
      rows[[length(rows) + 1]] <- c(PARAMCD = p, BYVAR = v, STRATUM = g, kmrow(dd[dd$g == g, ]),
        LOGRANK_CHISQ = if (is.null(lr)) "" else num(lr$chisq),
        LOGRANK_DF = if (is.null(lr)) "" else as.character(sum(lr$exp > 0) - 1),
        LOGRANK_P = if (is.null(lr) || sum(lr$exp > 0) < 2) "" else num(pchisq(lr$chisq, sum(lr$exp > 0) - 1, lower.tail = FALSE)))
    }
  }
}
res <- do.call(rbind, rows)
write.csv(res, out, row.names = FALSE, quote = FALSE)
cat(sprintf("survival %s, R %s: %d rows -> %s\n", packageVersion("survival"), getRversion(), nrow(res), out))
