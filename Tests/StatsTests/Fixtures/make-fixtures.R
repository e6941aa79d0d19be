# Seeded generator of the MMStats fixtures (Tests/StatsTests/Fixtures/), and R's answers.
# Run from this folder:  Rscript make-fixtures.R
# cox-data.csv: 120 subjects, integer-month times (many tied events, censorings on event
# times), an arm, a 3-level ISS, age, a 0/1 response and positive case weights.
# cox-reference.csv: coxph (Efron) fits, unweighted and weighted with robust = TRUE.
# logistic-reference.csv: glm(binomial) fits, unweighted and weighted with the HC0 sandwich
# computed by hand in base R.
suppressPackageStartupMessages(library(survival))
set.seed(20261206)
n <- 120
trt <- sample(c("EloPd", "IsaPd"), n, TRUE)
iss <- sample(c("I", "II", "III"), n, TRUE, prob = c(.4, .35, .25))
age <- round(rnorm(n, 68, 8))
lp <- -0.5 * (trt == "IsaPd") + 0.4 * (iss == "II") + 0.9 * (iss == "III") + 0.03 * (age - 68)
t_event <- rexp(n, 0.08 * exp(lp))
t_cens <- runif(n, 6, 40)
time <- pmax(1, ceiling(pmin(t_event, t_cens)))
status <- as.integer(t_event <= t_cens)
resp <- rbinom(n, 1, plogis(0.3 + 0.8 * (trt == "IsaPd") - 0.5 * (iss == "III") - 0.02 * (age - 68)))
w <- round(runif(n, 0.5, 3), 3)
d <- data.frame(TIME = time, STATUS = status, TRT01P = trt, ISS = iss, AGE = age, RESP = resp, W = w)
write.csv(d, "cox-data.csv", row.names = FALSE, quote = FALSE)

num <- function(x) sprintf("%.15g", unname(x))
coxrows <- function(model, fit) {
  s <- summary(fit)$coefficients
  se <- sqrt(diag(fit$var))
  naive <- if (is.null(fit$naive.var)) se else sqrt(diag(fit$naive.var))
  ci <- exp(cbind(coef(fit) - qnorm(.975) * se, coef(fit) + qnorm(.975) * se))
  data.frame(MODEL = model, TERM = names(coef(fit)), COEF = num(coef(fit)), SE = num(naive),
             ROBUST_SE = if (is.null(fit$naive.var)) "" else num(se),
             HR = num(exp(coef(fit))), LCL = num(ci[, 1]), UCL = num(ci[, 2]),
             P = num(2 * pnorm(-abs(coef(fit) / se))),
             LOGLIK_NULL = num(fit$loglik[1]), LOGLIK = num(fit$loglik[2]), ITER = fit$iter,
             N = fit$n, EVENTS = fit$nevent)
}
cox <- rbind(
  coxrows("UNWEIGHTED", coxph(Surv(TIME, STATUS) ~ TRT01P + ISS + AGE, data = d)),
  coxrows("ARM", coxph(Surv(TIME, STATUS) ~ TRT01P, data = d)),
  coxrows("WEIGHTED_ROBUST", coxph(Surv(TIME, STATUS) ~ TRT01P, data = d, weights = W, robust = TRUE)),
  coxrows("WEIGHTED_ROBUST_FULL", coxph(Surv(TIME, STATUS) ~ TRT01P + ISS + AGE, data = d, weights = W, robust = TRUE)),
  coxrows("INTERACTION", coxph(Surv(TIME, STATUS) ~ TRT01P * ISS, data = d)))
write.csv(cox, "cox-reference.csv", row.names = FALSE, quote = FALSE)

# Logistic regression: model-based variance (vcov) and, for the weighted fit, HC0:
# (X'WX)^-1 X' diag(w^2 (y - p)^2) X (X'WX)^-1 with W = w p (1 - p).
logrows <- function(model, fit, weights = NULL) {
  X <- model.matrix(fit)
  b <- coef(fit)
  V <- vcov(fit)
  if (!is.null(weights)) {
    p <- fitted(fit)
    bread <- solve(crossprod(X * (weights * p * (1 - p)), X))
    meat <- crossprod(X * (weights * (d$RESP - p)))
    V <- bread %*% meat %*% bread
  }
  se <- sqrt(diag(V))
  data.frame(MODEL = model, TERM = names(b), COEF = num(b), SE = num(se),
             OR = num(exp(b)), LCL = num(exp(b - qnorm(.975) * se)), UCL = num(exp(b + qnorm(.975) * se)),
             P = num(2 * pnorm(-abs(b / se))), DEVIANCE = num(deviance(fit)), ITER = fit$iter)
}
lr <- rbind(
  logrows("UNWEIGHTED", glm(RESP ~ TRT01P + ISS + AGE, family = binomial, data = d)),
  logrows("WEIGHTED_HC0", suppressWarnings(glm(RESP ~ TRT01P + ISS + AGE, family = binomial, data = d, weights = W)), d$W))
write.csv(lr, "logistic-reference.csv", row.names = FALSE, quote = FALSE)
cat(sprintf("survival %s, R %s\n", packageVersion("survival"), getRversion()))

# Tests and SMDs (tests-reference.csv): chisq.test / fisher.test / wilcox.test with R's
# defaults, and standardized differences by hand (Austin 2009; Yang & Dalton 2012).
smd_cont <- function(x, g, w = rep(1, length(x))) {
  m <- function(k) { xi <- x[g == k]; wi <- w[g == k]; mu <- sum(wi * xi) / sum(wi)
    c(mu, sum(wi) / (sum(wi)^2 - sum(wi^2)) * sum(wi * (xi - mu)^2)) }
  a <- m("IsaPd"); b <- m("EloPd"); abs(a[1] - b[1]) / sqrt((a[2] + b[2]) / 2)
}
smd_cat <- function(x, g, w = rep(1, length(x))) {
  lv <- sort(unique(x))
  p <- function(k) sapply(lv[-1], function(l) sum(w[g == k & x == l]) / sum(w[g == k]))
  p1 <- p("IsaPd"); p0 <- p("EloPd"); tt <- p1 - p0
  S <- function(q) { s <- -outer(q, q); diag(s) <- q * (1 - q); s }
  sqrt(drop(t(tt) %*% solve((S(p1) + S(p0)) / 2) %*% tt))
}
small <- c(3.1, 4.7, 2.2, 8.4, 5.5, 6.0, 1.9)
small2 <- c(7.2, 9.9, 6.6, 10.4, 8.8, 12.0)
tests <- rbind(
  data.frame(CASE = "CHISQ_RESP_TRT", P = num(chisq.test(table(d$RESP, d$TRT01P))$p.value)),
  data.frame(CASE = "CHISQ_ISS_TRT", P = num(chisq.test(table(d$ISS, d$TRT01P))$p.value)),
  data.frame(CASE = "FISHER_2X2", P = num(fisher.test(matrix(c(3, 1, 7, 12), 2))$p.value)),
  data.frame(CASE = "FISHER_3X2", P = num(fisher.test(matrix(c(3, 1, 4, 7, 12, 2), 3))$p.value)),
  data.frame(CASE = "WILCOX_AGE_TRT", P = num(wilcox.test(AGE ~ TRT01P, data = d)$p.value)),
  data.frame(CASE = "WILCOX_EXACT", P = num(wilcox.test(small, small2)$p.value)),
  data.frame(CASE = "SMD_AGE", P = num(smd_cont(d$AGE, d$TRT01P))),
  data.frame(CASE = "SMD_AGE_W", P = num(smd_cont(d$AGE, d$TRT01P, d$W))),
  data.frame(CASE = "SMD_RESP", P = num(smd_cat(d$RESP, d$TRT01P))),
  data.frame(CASE = "SMD_RESP_W", P = num(smd_cat(d$RESP, d$TRT01P, d$W))),
  data.frame(CASE = "SMD_ISS", P = num(smd_cat(d$ISS, d$TRT01P))),
  data.frame(CASE = "SMD_ISS_W", P = num(smd_cat(d$ISS, d$TRT01P, d$W))))
write.csv(tests, "tests-reference.csv", row.names = FALSE, quote = FALSE)
