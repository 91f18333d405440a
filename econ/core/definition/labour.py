"""Labour block: hiring, separations, recruitment, demobilisation, the people pools."""

from __future__ import annotations

from sympy import exp, log

from peacetrap.core.definition.dimensions import MP, MP_YEAR, ONE, TN_YEAR
from peacetrap.core.definition.namespace import Symbols
from peacetrap.core.symbolic import Registry, softplus, softplus_at_zero


def declare(r: Registry, z: Symbols) -> Symbols:
    """Declare the labour block's equations in ``r``, using the symbols in ``z``.

    Returns
    -------
    Symbols
        The symbols this block declares.
    """
    (
        a, a_dr, cas, chi, dis, dm, e_c, e_d, eps, eps_e, gd_real, hc, hd, jh, kk,
        labour_force, mu_d, n, nu, om_d, one_year, pi_p, rec, rho_v, s, s_f, sep, tau_c,
        tau_d, tau_l, tau_lf, th_h, u, u_n, v, ycl, util, s_a, eta_p, s_t, th_u, a_v,
        kd, al_d, tau_kd, s_k, g_a, m_n,
    ) = z.get(
        "a", "a_dr", "cas", "chi", "dis", "dm", "e_c", "e_d", "eps", "eps_e", "gd_real",
        "hc", "hd", "jh", "kk", "labour_force", "mu_d", "n", "nu", "om_d", "one_year",
        "pi_p", "rec", "rho_v", "s", "s_f", "sep", "tau_c", "tau_d", "tau_l", "tau_lf",
        "th_h", "u", "u_n", "v", "ycl", "util", "s_a", "eta_p", "s_t", "th_u", "a_v",
        "kd", "al_d", "tau_kd", "s_k", "g_a", "m_n",
    )
    r.begin("labour")
    seekers = r.aux("job_seekers", r"J", MP, "Effective civilian job seekers", u + rho_v * v)
    fill = r.aux("hiring_fill", r"h", ONE, "Share of desired hires that are made",
                 seekers / (seekers + jh * labour_force))
    tight = r.aux("labour_tightness", r"\Theta", ONE,
                  "Labour-market tightness: natural over effective unemployment (1 at the "
                  "natural rate)", u_n * labour_force / seekers)
    need_c = r.aux("civilian_labour_need", r"N_c", MP,
                   "Civilian workers needed to meet civilian demand at normal hours",
                   ycl / a)
    gap_c = r.aux("civilian_hiring_gap", r"F_c", MP_YEAR,
                  "Desired net civilian hiring: headcount follows the labour need at the "
                  "hours currently worked", (need_c / hc - e_c) / tau_c)
    # the industry's capacity follows its output with a time to build (a first-order lag,
    # plus trend growth so that it equals output on a balanced path); output beyond
    # capacity is produced with the capital in place, so the labour it needs rises with
    # output over capacity to the short-run Cobb-Douglas elasticity alpha_d / (1 - alpha_d);
    # capacity beyond output (after orders fall) saves no labour: plants stand idle
    # (putty-clay). The industry's capital is paid for out of procurement, so it is no
    # demand component of its own.
    out_d = r.aux("defence_output", r"Q_d", TN_YEAR,
                  "Defence industry's output: domestic value added of procurement at home "
                  "(net of its import content), base prices", (1 - s_a) * (1 - mu_d) * gd_real)
    r.set_rate(kd, (1 / tau_kd + g_a) * out_d - kd / tau_kd)
    strain = r.aux("defence_capacity_strain", r"\Lambda_d", ONE,
                   "Labour the defence industry needs per unit of output relative to "
                   "normal: output over capacity to the power alpha_d / (1 - alpha_d) when "
                   "above it (smooth positive part of the log), 1 at capacity and within "
                   "s_K ln 2 alpha_d / (1 - alpha_d) of 1 below it",
                   exp(al_d / (1 - al_d)
                       * (softplus(log(out_d / kd), s_k) - softplus_at_zero(s_k))))
    need_d = r.aux("defence_labour_need", r"N_d", MP,
                   "Defence-industry workers needed: the quasi-fixed staff plus the "
                   "industry's output over its marginal productivity, raised while output "
                   "runs beyond capacity", om_d * labour_force
                   + out_d * strain / (a_dr * a))
    gap_d = r.aux("defence_hiring_gap", r"F_d", MP_YEAR, "Desired net defence hiring",
                  (need_d / hd - e_d) / tau_d)
    # net openings fill faster when seekers are more plentiful than at the natural rate (a
    # matching function's vacancy side: elasticity a_v to seekers, smooth one-sided in log
    # seekers over their natural number, 1 at and below it; scarce seekers already slow
    # hiring through the fill, whose own elasticity 1 - h fades as seekers grow)
    speed = r.aux("opening_fill_speed", r"\phi_v", ONE,
                  "Speed at which net civilian openings fill relative to the natural rate: "
                  "seekers over their number at the natural rate, to the power alpha_v, "
                  "when above it (smooth positive part of the log)",
                  exp(a_v * (softplus(-log(tight), s_t) - softplus_at_zero(s_t))))
    hires_c = r.aux("civilian_hires", r"H_c", MP_YEAR,
                    "Civilian hires: turnover replacement plus net hiring (filled faster "
                    "when seekers are plentiful), both limited by matching (so "
                    "unemployment cannot fall below its frictional floor)",
                    (softplus(gap_c, s_f * labour_force) * speed + sep * e_c) * fill)
    pool_d = u + eps * e_c
    hires_d = r.aux("defence_hires", r"H_d", MP_YEAR, "Defence-industry hires",
                    softplus(gap_d, s_f * labour_force) + sep * e_d)
    # workers shed beyond normal turnover (the gap's negative side, smoothly)
    shed_d = softplus(-gap_d, s_f * labour_force)
    leave_d = r.aux("defence_leavers", r"Q_d", MP_YEAR, "Defence-industry separations",
                    shed_d + sep * e_d)
    # normal participation is a property of the whole working-age population, the armed
    # forces included (the ILO's total labour force counts them): soldiers are
    # participants, so a demobilised soldier comes home as one, and only the civilians'
    # share of normal inactivity is civilian
    normal_l = r.aux("normal_labour_force", r"L_n", MP,
                     "Civilian labour force at the normal participation rate (normal "
                     "tightness): the total labour force at normal participation, armed "
                     "forces included, less the soldiers", pi_p * (labour_force + n + s) - s)
    # two margins of participation: the core labour force answers to unemployment at the
    # cited size (eta_p pp of participation per pp of effective unemployment J / L, both
    # sides), and wartime entrants answer to mobilisation above its normal share (eps_e per
    # person mobilised), so they come in as the forces and the war industries grow and
    # leave as they are run down, before any rise of unemployment
    working_age = labour_force + n + s
    mob = s - m_n * working_age
    entrants = r.aux("wartime_entrants_target", r"L_e^*", MP,
                     "Entrants mobilisation draws in: eps_e times the smooth positive part "
                     "of the soldiers and defence-industry workers above the normal share "
                     "of the working-age population (less its value at zero, so none at "
                     "rest)",
                     eps_e * (softplus(mob, s_f * one_year * labour_force)
                              - softplus_at_zero(s_f * one_year * labour_force)))
    target_l = r.aux("labour_force_target", r"L^*", MP,
                     "Civilian labour force people want to be in: at normal participation, "
                     "less eta_p of the civilian working-age population per unit of "
                     "effective unemployment above its natural rate, plus the entrants a "
                     "tight market draws in",
                     normal_l - eta_p * (labour_force + n) * (seekers / labour_force - u_n)
                     + entrants)
    gap_p = r.aux("participation_gap", r"F_p", MP_YEAR,
                  "Desired net entry into the labour force", (target_l - labour_force) / tau_lf)
    r.flow("hires_unemployed_to_civilian", r"H_{uc}", MP_YEAR, "Civilian hires of unemployed",
           hires_c * u / seekers, frm=u, to=e_c)
    r.flow("hires_veterans_to_civilian", r"H_{vc}", MP_YEAR, "Civilian hires of veterans",
           hires_c * rho_v * v / seekers, frm=v, to=e_c)
    r.flow("separations_civilian", r"Q_c", MP_YEAR, "Civilian separations into unemployment",
           softplus(-gap_c, s_f * labour_force) + sep * e_c, frm=e_c, to=u)
    r.flow("hires_unemployed_to_defence", r"H_{ud}", MP_YEAR,
           "Defence hires of unemployed", hires_d * u / pool_d, frm=u, to=e_d)
    r.flow("hires_civilian_to_defence", r"H_{cd}", MP_YEAR,
           "Defence hires of civilian workers", hires_d * eps * e_c / pool_d, frm=e_c, to=e_d)
    r.flow("conversion_to_civilian", r"Q_{dc}", MP_YEAR,
           "Defence leavers moved into civilian jobs", chi * leave_d, frm=e_d, to=e_c)
    r.flow("layoffs_defence", r"Q_{du}", MP_YEAR, "Defence leavers into unemployment",
           (1 - chi) * leave_d, frm=e_d, to=u)
    r.flow("recruits_unemployed", r"R_u", MP_YEAR, "Recruits from the unemployed",
           rec * u / pool_d, frm=u, to=s)
    r.flow("recruits_employed", r"R_c", MP_YEAR, "Recruits from civilian jobs",
           rec * eps * e_c / pool_d, frm=e_c, to=s)
    r.flow("casualty_flow", r"C_s", MP_YEAR, "Casualties", cas * s, frm=s, to=kk)
    r.flow("demobilisation", r"D_s", MP_YEAR, "Soldiers demobilised into reintegration",
           dm * s, frm=s, to=v)
    r.flow("discharges", r"Q_s", MP_YEAR, "Routine discharges into job search", dis * s,
           frm=s, to=u)
    r.flow("veterans_leaving", r"N_v", MP_YEAR, "Waiting veterans leaving the labour force",
           nu * v, frm=v, to=n)
    entry = r.flow("labour_force_entry", r"N_u", MP_YEAR,
                   "Inactive people entering job search (the participation gap, when "
                   "positive)", softplus(gap_p, s_f * labour_force), frm=n, to=u)
    # when participation is above its target the wish to leave falls on the employed and the
    # unemployed alike, in proportion to their numbers (wartime entrants hold jobs); the
    # employed who leave open vacancies for the unemployed and veterans
    # softplus(-F, s) = softplus(F, s) - F exactly: the smooth split of the gap's other side
    want_x = entry - gap_p
    want_u = want_x * u / (e_c + u)
    want_e = want_x * e_c / (e_c + u)
    r.flow("labour_force_exit_employed", r"E_n", MP_YEAR,
           "Civilian workers leaving the labour force (retiring, returning to home or study) "
           "when participation is above its target: their share of the participation gap, "
           "limited to all of them within tau_pi (harmonic mean)",
           want_e * (e_c / tau_lf) / (want_e + e_c / tau_lf), frm=e_c, to=n)
    r.flow("labour_force_exit", r"U_n", MP_YEAR,
           "Unemployed leaving the labour force: their share of the participation gap, "
           "limited to all the unemployed within tau_pi (harmonic mean, so exits fade as "
           "unemployment does)", want_u * (u / tau_lf) / (want_u + u / tau_lf), frm=u, to=n)
    for pool in (e_c, e_d, s, v, u, n, kk):
        r.set_rate(pool, r.pool_rate(pool))
    # civilian hours follow capacity utilisation (demand over the capacity firms staffed
    # for), faster than headcount: overtime when demand runs ahead of capacity, short time
    # when it falls short; capacity follows demand, so hours are normal (1) at rest.
    # Defence hours follow the labour need over the workers employed (a tiny share of the
    # labour force keeps the ratio finite when both vanish)
    floor = s_f * one_year * labour_force
    r.set_rate(hc, (1 + th_h * (util - 1) - th_u * (seekers / labour_force - u_n) - hc)
               / tau_l)
    r.set_rate(hd, (1 + th_h * ((need_d + floor) / (e_d + floor) - 1) - hd) / tau_l)
    return Symbols.of(seekers=seekers, fill=fill, tight=tight, need_c=need_c,
                      target_l=target_l, gap_p=gap_p, normal_l=normal_l, gap_c=gap_c,
                      need_d=need_d, gap_d=gap_d, hires_c=hires_c, pool_d=pool_d,
                      hires_d=hires_d, leave_d=leave_d, shed_d=shed_d)
