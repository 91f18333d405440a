"""Labour block: hiring, separations, recruitment, demobilisation, the people pools."""

from __future__ import annotations

from peacetrap.core.definition.dimensions import MP, MP_YEAR, ONE
from peacetrap.core.definition.namespace import Symbols
from peacetrap.core.symbolic import Registry, softplus


def declare(r: Registry, z: Symbols) -> Symbols:
    """Declare the labour block's equations in ``r``, using the symbols in ``z``.

    Returns
    -------
    Symbols
        The symbols this block declares.
    """
    (
        a, a_dr, cas, chi, dis, dm, e_c, e_d, eps, gd_real, jh, kk, labour_force, mu_d, n,
        nu, om_d, rec, rho_n, rho_v, s, s_f, sep, tau_c, tau_d, u, v, ycl,
    ) = z.get(
        "a", "a_dr", "cas", "chi", "dis", "dm", "e_c", "e_d", "eps", "gd_real", "jh", "kk",
        "labour_force", "mu_d", "n", "nu", "om_d", "rec", "rho_n", "rho_v", "s", "s_f",
        "sep", "tau_c", "tau_d", "u", "v", "ycl",
    )
    r.begin("labour")
    seekers = r.aux("job_seekers", r"J", MP, "Effective civilian job seekers", u + rho_v * v)
    fill = r.aux("hiring_fill", r"h", ONE, "Share of desired hires that are made",
                 seekers / (seekers + jh * labour_force))
    gap_c = r.aux("civilian_hiring_gap", r"F_c", MP_YEAR, "Desired net civilian hiring",
                  (ycl / a - e_c) / tau_c)
    need_d = r.aux("defence_labour_need", r"N_d", MP,
                   "Defence-industry workers needed: the quasi-fixed staff plus procurement "
                   "net of its import content over the industry's marginal productivity",
                   om_d * labour_force + (1 - mu_d) * gd_real / (a_dr * a))
    gap_d = r.aux("defence_hiring_gap", r"F_d", MP_YEAR, "Desired net defence hiring",
                  (need_d - e_d) / tau_d)
    hires_c = r.aux("civilian_hires", r"H_c", MP_YEAR,
                    "Civilian hires: turnover replacement plus net hiring, both limited by "
                    "matching (so unemployment cannot fall below its frictional floor)",
                    (softplus(gap_c, s_f * labour_force) + sep * e_c) * fill)
    pool_d = u + eps * e_c
    hires_d = r.aux("defence_hires", r"H_d", MP_YEAR, "Defence-industry hires",
                    softplus(gap_d, s_f * labour_force) + sep * e_d)
    leave_d = r.aux("defence_leavers", r"Q_d", MP_YEAR, "Defence-industry separations",
                    softplus(-gap_d, s_f * labour_force) + sep * e_d)
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
    r.flow("reentry", r"N_u", MP_YEAR, "Inactive returning to job search", rho_n * n,
           frm=n, to=u)
    for pool in (e_c, e_d, s, v, u, n, kk):
        r.set_rate(pool, r.pool_rate(pool))
    return Symbols.of(seekers=seekers, fill=fill, gap_c=gap_c, need_d=need_d, gap_d=gap_d, hires_c=hires_c,
                      pool_d=pool_d, hires_d=hires_d, leave_d=leave_d)
