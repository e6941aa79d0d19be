# Weighted Kaplan–Meier reference (survfit(..., weights = W): survival 3.x uses the
# infinitesimal-jackknife variance for weighted curves). data.csv is a copy of
# Tests/StatsTests/Fixtures/cox-data.csv. Run from this folder: Rscript make-reference.R
suppressPackageStartupMessages(library(survival))
d <- read.csv("data.csv")
num <- function(x) { x <- unname(as.numeric(x)); if (length(x) == 0 || is.na(x)) "" else sprintf("%.15g", x) }
row <- function(label, dd, weighted) {
  f <- if (weighted) survfit(Surv(TIME, STATUS) ~ 1, data = dd, weights = W) else survfit(Surv(TIME, STATUS) ~ 1, data = dd)
  q <- quantile(f, 0.5); s <- summary(f, times = c(12, 24), extend = FALSE)
  c(STRATUM = label, WEIGHTED = if (weighted) "Y" else "N", MEDIAN = num(q$quantile), MEDIAN_LCL = num(q$lower), MEDIAN_UCL = num(q$upper),
    RATE12 = num(s$surv[1]), RATE12_LCL = num(s$lower[1]), RATE12_UCL = num(s$upper[1]),
    RATE24 = num(s$surv[2]), RATE24_LCL = num(s$lower[2]), RATE24_UCL = num(s$upper[2]))
}
rows <- list()
for (w in c(FALSE, TRUE)) {
  rows[[length(rows) + 1]] <- row("ALL", d, w)
  for (a in sort(unique(d$TRT01P))) rows[[length(rows) + 1]] <- row(a, d[d$TRT01P == a, ], w)
}
write.csv(do.call(rbind, rows), "reference.csv", row.names = FALSE, quote = FALSE)
