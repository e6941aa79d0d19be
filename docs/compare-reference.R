# Reference numbers for `mmpipe compare` (SPEC 9, seed 003) computed by R alone: base R
# (chisq.test, fisher.test, wilcox.test, glm, a hand-written HC0 sandwich and SMDs) and
# survival 3.x (coxph with Efron ties and robust = TRUE, survfit with weights).
#
# Usage:  Rscript docs/compare-reference.R DIR OUTDIR COVARIATES [MODIFIER] [REFERENCE] [stabilized|-] [given]
#   DIR holds adsl.csv (with TRT01P) and adtte.csv; COVARIATES is the comma-separated list of
#   the propensity covariates (balance.csv IN_PS = Y); MODIFIER may be "-" for none.
#   Writes OUTDIR/r-balance.csv, r-weights.csv, r-models.csv, r-km.csv (15 significant digits).
suppressPackageStartupMessages(library(survival))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]; out <- args[2]; covs <- strsplit(args[3], ",")[[1]]
modifier <- if (length(args) >= 4 && args[4] != "-") args[4] else NULL
reference <- if (length(args) >= 5 && args[5] != "-") args[5] else NULL
stabilized <- length(args) >= 6 && args[6] == "stabilized"
baseline <- c("AGE", "SEX", "ISS", "LDHHIFL", "CYTORISK", "PRIORLOT", "PRASCTFL", "DARARFL", "DISSTAT")
numeric <- c("AGE", "PRIORLOT", "INDEXLOT", "B2M", "ALB", "LDH", "CREAT", "CRCL", "HGB", "CD38GAP")
num <- function(x) { x <- unname(as.numeric(x)); if (length(x) == 0 || is.na(x)) "" else sprintf("%.15g", x) }

adsl <- read.csv(file.path(dir, "adsl.csv"), colClasses = "character", na.strings = "")
adtte <- read.csv(file.path(dir, "adtte.csv"), colClasses = "character", na.strings = "")
for (v in intersect(numeric, names(adsl))) adsl[[v]] <- as.numeric(adsl[[v]])
arms <- sort(unique(adsl$TRT01P))
if (!is.null(reference)) arms <- c(reference, setdiff(arms, reference))
adsl$TRT01P <- factor(adsl$TRT01P, levels = arms)
treated <- arms[2]
# The balance table lists the baseline set (mmpipe's default), or the covariates when they were
# given with --covariates (7th argument "given").
candidates <- if (length(args) >= 7 && args[7] == "given") covs else intersect(baseline, names(adsl))

# Propensity score and ATE weights (complete cases on the covariates).
ps_formula <- as.formula(paste("I(TRT01P ==", shQuote(treated), ") ~", paste(covs, collapse = " + ")))
ps_fit <- glm(ps_formula, family = binomial, data = adsl)
cc <- adsl[as.integer(rownames(model.frame(ps_fit))), ]
cc$PS <- fitted(ps_fit)
cc$WEIGHT <- ifelse(cc$TRT01P == treated, 1 / cc$PS, 1 / (1 - cc$PS))
if (stabilized) { share <- mean(cc$TRT01P == treated); cc$WEIGHT <- cc$WEIGHT * ifelse(cc$TRT01P == treated, share, 1 - share) }
write.csv(data.frame(USUBJID = cc$USUBJID, TRT01P = cc$TRT01P, PS = sapply(cc$PS, num), WEIGHT = sapply(cc$WEIGHT, num)),
          file.path(out, "r-weights.csv"), row.names = FALSE, quote = FALSE)

# Balance: tests on every patient with a value, SMDs unweighted and weighted (Austin 2009;
# Yang & Dalton 2012), absolute.
wvar <- function(x, w) { m <- sum(w * x) / sum(w); c(m, sum(w) / (sum(w)^2 - sum(w^2)) * sum(w * (x - m)^2)) }
smd_cont <- function(x, g, w) { a <- wvar(x[g == treated], w[g == treated]); b <- wvar(x[g != treated], w[g != treated]); abs(a[1] - b[1]) / sqrt((a[2] + b[2]) / 2) }
smd_cat <- function(x, g, w) {
  lv <- sort(unique(x)); if (length(lv) < 2) return(0)
  p <- function(k) sapply(lv[-1], function(l) sum(w[k & x == l]) / sum(w[k]))
  p1 <- p(g == treated); p0 <- p(g != treated); d <- p1 - p0
  S <- function(q) { s <- -outer(q, q); diag(s) <- q * (1 - q); s }
  sqrt(drop(t(d) %*% solve((S(p1) + S(p0)) / 2) %*% d))
}
bal <- do.call(rbind, lapply(candidates, function(v) {
  d <- adsl[!is.na(adsl[[v]]), ]; dw <- cc[!is.na(cc[[v]]), ]
  if (v %in% numeric) {
    p <- wilcox.test(d[[v]][d$TRT01P == treated], d[[v]][d$TRT01P != treated])$p.value
    s <- smd_cont(d[[v]], d$TRT01P, rep(1, nrow(d))); sw <- smd_cont(dw[[v]], dw$TRT01P, dw$WEIGHT)
  } else {
    tab <- table(d[[v]], droplevels(d$TRT01P))
    p <- if (any(suppressWarnings(chisq.test(tab))$expected < 5)) fisher.test(tab)$p.value else chisq.test(tab)$p.value
    s <- smd_cat(d[[v]], d$TRT01P, rep(1, nrow(d))); sw <- smd_cat(dw[[v]], dw$TRT01P, dw$WEIGHT)
  }
  data.frame(VARIABLE = v, P = num(p), SMD = num(s), SMD_WEIGHTED = num(sw))
}))
write.csv(bal, file.path(out, "r-balance.csv"), row.names = FALSE, quote = FALSE)

# Models: Cox (PFS, OS) and logistic (RESPONSE = RESPFL Y/N), unadjusted, IPTW (robust /
# HC0), adjusted, interaction; 95% Wald intervals.
rows <- list()
add <- function(outcome, model, b, se, n, events, keep = names(b)) {
  for (t in keep) rows[[length(rows) + 1]] <<- data.frame(OUTCOME = outcome, MODEL = model, TERM = t,
    ESTIMATE = num(exp(b[t])), LCL = num(exp(b[t] - qnorm(.975) * se[t])), UCL = num(exp(b[t] + qnorm(.975) * se[t])),
    P = num(2 * pnorm(-abs(b[t] / se[t]))), N = n, EVENTS = events)
}
b <- coef(ps_fit); se <- sqrt(diag(vcov(ps_fit)))
add("TRT01P", "PS", b, se, nobs(ps_fit), sum(cc$TRT01P == treated), names(b)[-1])
arm_term <- paste0("TRT01P", treated)
adjusted <- paste(c("TRT01P", covs), collapse = " + ")
inter <- if (!is.null(modifier)) paste0("TRT01P * ", modifier) else NULL
for (p in c("PFS", "OS")) {
  e <- adtte[adtte$PARAMCD == p, ]
  e$time <- as.numeric(e$AVAL) / 30.4375; e$status <- 1 - as.integer(e$CNSR)
  d <- merge(adsl, e[, c("USUBJID", "time", "status")], by = "USUBJID")
  dw <- merge(cc, e[, c("USUBJID", "time", "status")], by = "USUBJID")
  cox <- function(model, f, data, ...) {
    fit <- coxph(as.formula(paste("Surv(time, status) ~", f)), data = data, ...)
    se <- sqrt(diag(fit$var)); names(se) <- names(coef(fit))
    add(p, model, coef(fit), se, fit$n, fit$nevent,
        if (model == "INTERACTION") grep(":", names(coef(fit)), value = TRUE) else names(coef(fit)))
  }
  cox("UNADJUSTED", "TRT01P", d)
  cox("IPTW", "TRT01P", dw, weights = dw$WEIGHT, robust = TRUE)
  cox("ADJUSTED", adjusted, d)
  if (!is.null(inter)) cox("INTERACTION", inter, d)
}
d <- adsl[!is.na(adsl$RESPFL), ]; d$Y <- as.integer(d$RESPFL == "Y")
dw <- cc[!is.na(cc$RESPFL), ]; dw$Y <- as.integer(dw$RESPFL == "Y")
logit <- function(model, f, data, weighted = FALSE) {
  fit <- suppressWarnings(glm(as.formula(paste("Y ~", f)), family = binomial, data = data, weights = if (weighted) data$WEIGHT else NULL))
  V <- vcov(fit)
  if (weighted) {  # HC0: (X'WX)^-1 X' diag(w^2 (y - p)^2) X (X'WX)^-1 at the final fit
    X <- model.matrix(fit); pr <- fitted(fit); w <- data$WEIGHT
    bread <- solve(crossprod(X * (w * pr * (1 - pr)), X)); V <- bread %*% crossprod(X * (w * (data$Y - pr))) %*% bread
  }
  b <- coef(fit); se <- sqrt(diag(V)); names(se) <- names(b)
  add("RESPONSE", model, b, se, nobs(fit), sum(fit$y == 1),
      if (model == "INTERACTION") grep(":", names(b), value = TRUE) else names(b)[-1])
}
logit("UNADJUSTED", "TRT01P", d)
logit("IPTW", "TRT01P", dw, weighted = TRUE)
logit("ADJUSTED", adjusted, d)
if (!is.null(inter)) logit("INTERACTION", inter, d)
write.csv(do.call(rbind, rows), file.path(out, "r-models.csv"), row.names = FALSE, quote = FALSE)

# Kaplan–Meier by arm, unweighted (every patient) and weighted (survfit weights = WEIGHT).
km <- list()
for (p in c("PFS", "OS")) {
  e <- adtte[adtte$PARAMCD == p, ]
  e$time <- as.numeric(e$AVAL) / 30.4375; e$status <- 1 - as.integer(e$CNSR)
  for (weighted in c(FALSE, TRUE)) {
    base <- if (weighted) cc else adsl
    d <- merge(base, e[, c("USUBJID", "time", "status")], by = "USUBJID")
    for (a in arms) {
      s <- d[d$TRT01P == a, ]
      f <- if (weighted) survfit(Surv(time, status) ~ 1, data = s, weights = WEIGHT) else survfit(Surv(time, status) ~ 1, data = s)
      q <- quantile(f, 0.5)
      lm <- c(12, 24)[c(12, 24) <= max(s$time)]
      sm <- if (length(lm)) summary(f, times = lm, extend = FALSE) else NULL
      at <- function(t, what) { i <- which(abs(sm$time - t) < 1e-9); if (length(i)) sm[[what]][i] else NA }
      km[[length(km) + 1]] <- data.frame(PARAMCD = p, STRATUM = a, WEIGHTED = if (weighted) "Y" else "N", N = nrow(s), EVENTS = sum(s$status),
        MEDIAN = num(q$quantile), MEDIAN_LCL = num(q$lower), MEDIAN_UCL = num(q$upper),
        RATE12 = num(at(12, "surv")), RATE12_LCL = num(at(12, "lower")), RATE12_UCL = num(at(12, "upper")),
        RATE24 = num(at(24, "surv")), RATE24_LCL = num(at(24, "lower")), RATE24_UCL = num(at(24, "upper")))
    }
  }
}
write.csv(do.call(rbind, km), file.path(out, "r-km.csv"), row.names = FALSE, quote = FALSE)
cat(sprintf("survival %s, R %s: reference written to %s\n", packageVersion("survival"), getRversion(), out))
