# Reference values for tests/fit/test_segmented.cpp, from R's `segmented` package
# (Muggeo 2003, 2008): segmented.lm fits with their delta-method break intervals, and
# davies.test of "no change in slope".
# Regenerate, from the repository root:
#   Rscript tests/reference/segmented.R tests/reference
# which writes tests/reference/segmented.inc and tests/reference/segmented_davies.inc.
#
# Each fit starts segmented's iteration (plain Muggeo iteration: n.boot = 0, tolerance 1e-14
# on the relative change of psi) at a given psi. The script checks that the estimate is the
# global minimum of the residual sum of squares over the admissible breaks (at least 2
# years on each side, a year at a break counting on both sides) by evaluating the profile
# RSS on a grid, because povstat computes that global minimum exactly.
suppressMessages(library(segmented))
options(digits = 17)
args <- commandArgs(trailingOnly = TRUE)
out_dir <- if (length(args) >= 1) args[1] else "."
RNGkind("Mersenne-Twister", "Inversion", "Rejection")

num <- function(v) paste(sprintf("%.17g", v), collapse = ", ")
vec <- function(v) paste0("{", num(v), "}")

china <- read.csv(file.path(dirname(out_dir), "..", "examples", "data", "china_rural_poor.csv"))
if (!file.exists(file.path(out_dir, "segmented.R")))
  stop("run from the repository root: Rscript tests/reference/segmented.R tests/reference")

# Synthetic series: piecewise lines plus rounded Gaussian noise.
pl <- function(x, b0, b1, d, psi) b0 + b1 * x + rowSums(sapply(seq_along(d), function(j) d[j] * pmax(x - psi[j], 0)))
set.seed(2013)
x <- 0:15
one_break <- round(40 - 0.8 * x - 2.2 * pmax(x - 7.3, 0) + rnorm(16, sd = 0.4), 2)
x <- 0:15
one_break_log <- round(exp(log(5e6) - 0.03 * x - 0.12 * pmax(x - 8.6, 0) + rnorm(16, sd = 0.02)))
x <- 0:29
two_breaks <- round(pl(x, 60, -0.4, c(-1.6, 1.3), c(7.6, 20.3)) + rnorm(30, sd = 0.5), 2)
x <- 0:13
rising <- round(10 + 0.9 * x - 2.1 * pmax(x - 6.4, 0) + rnorm(14, sd = 0.3), 2)
# A straight line: its own seed, a draw under which Davies' p-value is large (p-values are
# uniform under no break, so a test asserting "large" needs such a draw, stated here).
set.seed(1)
x <- 0:19
no_break <- round(80 - 1.5 * x + rnorm(20, sd = 1.5), 2)

s <- subset(china, year <= 2019)
series <- list(
  list(name = "china_log_2010_2019", years = s$year, poor = s$poor, log = TRUE, psi = 2017.4),
  list(name = "china_counts_2010_2020", years = china$year, poor = china$poor, log = FALSE, psi = 2011.5),
  list(name = "china_log_2010_2019_two_breaks", years = s$year, poor = s$poor, log = TRUE, psi = c(2015.7, 2017.7)),
  list(name = "synthetic_one_break", years = 2000:2015, poor = one_break, log = FALSE, psi = 2007),
  list(name = "synthetic_one_break_log", years = 2000:2015, poor = one_break_log, log = TRUE, psi = 2008.5),
  list(name = "synthetic_two_breaks", years = 1990:2019, poor = two_breaks, log = FALSE, psi = c(1998.3, 2010.7)),
  list(name = "synthetic_rising_then_falling", years = 2001:2014, poor = rising, log = FALSE, psi = 2007))

# The profile RSS at breaks p (calendar years), and its minimum over a grid of admissible breaks.
profile_rss <- function(t, y, p) sum(lm.fit(cbind(1, t, sapply(p, function(b) pmax(t - b, 0))), y)$residuals^2)
admissible <- function(t, p) {
  edges <- c(-Inf, p, Inf)
  all(sapply(seq_len(length(p) + 1), function(j) sum(t >= edges[j] & t <= edges[j + 1]) >= 2))
}
grid_minimum <- function(t, y, k, step) {
  g <- seq(min(t), max(t), by = step)
  best <- Inf
  if (k == 1) {
    for (a in g) if (admissible(t, a)) best <- min(best, profile_rss(t, y, a))
  } else {
    for (a in g) for (b in g[g > a]) if (admissible(t, c(a, b))) best <- min(best, profile_rss(t, y, c(a, b)))
  }
  best
}

ctl <- seg.control(n.boot = 0, tol = 1e-14, conv.psi = TRUE, it.max = 1000)
fits <- character(0)
for (c in series) {
  t0 <- c$years[1]
  d <- data.frame(x = c$years - t0, y = if (c$log) log(c$poor) else c$poor)
  o <- segmented(lm(y ~ x, data = d), seg.Z = ~x, psi = c$psi - t0, control = ctl)
  k <- length(c$psi)
  psi <- o$psi[, "Est."]
  rss <- sum(residuals(o)^2)
  grid <- grid_minimum(d$x, d$y, k, if (k == 1) 0.005 else 0.05)
  if (!(rss <= grid * (1 + 1e-12))) stop(c$name, ": segmented's estimate is not the global minimum")
  # coefficients in povstat's order: intercept, slope, then (slope change, break year) per break
  b <- coef(o)
  V <- vcov(o)
  names_u <- paste0("U", 1:k, ".x")
  names_p <- paste0("psi", 1:k, ".x")
  order <- c("(Intercept)", "x", as.vector(rbind(names_u, names_p)))
  est <- b[order]
  est[names_p] <- psi + t0
  se <- sqrt(diag(V))[order]
  ci <- confint(o, level = 0.95, digits = 17)  # method "delta": psi +- qt(0.975, df) se(psi)
  ll <- as.numeric(logLik(o)) - if (c$log) sum(log(c$poor)) else 0
  kk <- 2 + 2 * k + 1
  n <- nrow(d)
  fits <- c(fits, sprintf(
    "{\"%s\", %s, %d,\n %s,\n %s,\n %s,\n %s,\n %s,\n %s,\n %s,\n %s, %.17g, %.17g, %.17g, %.17g, %.17g, %.17g, %.17g},",
    c$name, if (c$log) "true" else "false", k, vec(c$years), vec(c$poor), vec(c$psi),
    vec(est), vec(se), vec(as.vector(V[order, order])),
    vec(ci[, 2] + t0), vec(ci[, 3] + t0),
    rss, summary(o)$sigma, summary(o)$r.squared, ll, -2 * ll + 2 * kk, -2 * ll + kk * log(n),
    as.numeric(o$df.residual)))
}

davies <- character(0)
davies_series <- list(
  list(name = "china_log_2010_2019", years = s$year, poor = s$poor, log = TRUE),
  list(name = "china_counts_2010_2020", years = china$year, poor = china$poor, log = FALSE),
  list(name = "synthetic_one_break", years = 2000:2015, poor = one_break, log = FALSE),
  list(name = "synthetic_one_break_log", years = 2000:2015, poor = one_break_log, log = TRUE),
  list(name = "synthetic_rising_then_falling", years = 2001:2014, poor = rising, log = FALSE),
  list(name = "synthetic_no_break", years = 2000:2019, poor = no_break, log = FALSE))
for (c in davies_series) {
  d <- data.frame(x = c$years, y = if (c$log) log(c$poor) else c$poor)
  for (alt in c("two.sided", "less", "greater")) {
    dt <- davies.test(lm(y ~ x, data = d), seg.Z = ~x, k = 10, alternative = alt)
    stat <- dt$process[, "stat.values"]
    m <- switch(alt, two.sided = max(abs(stat)), less = min(stat), greater = max(stat))
    davies <- c(davies, sprintf(
      "{\"%s\", %s, \"%s\",\n %s,\n %s,\n %s,\n %s,\n %.17g, %.17g, %.17g},",
      c$name, if (c$log) "true" else "false", alt, vec(c$years), vec(c$poor),
      vec(dt$process[, "psi.values"]), vec(stat), m, as.numeric(dt$statistic), dt$p.value))
  }
}

header <- paste0("// Generated by tests/reference/segmented.R (", R.version.string, ", segmented ",
                 packageVersion("segmented"), "); do not edit.\n")
writeLines(c(header, fits), file.path(out_dir, "segmented.inc"))
writeLines(c(header, davies), file.path(out_dir, "segmented_davies.inc"))
