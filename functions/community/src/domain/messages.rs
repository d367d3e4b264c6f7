//! The emails' words, in each language.

use shared::http::lang::Lang;

use super::member::Mail;

pub struct Wording {
    pub subject: &'static str,
    pub body: String,
}

/// The site pages an email links to; each opens a page with a button, since mail scanners
/// follow links and a GET must never change anything.
pub struct Links {
    /// The confirmation page for `Mail::Confirm`, the erasure page with a fresh erasure token
    /// for `Mail::EraseLink`, the manage page otherwise.
    pub action: String,
    pub unsubscribe: String,
    /// The erasure page with the unsubscribe token: pressing its button asks for a fresh
    /// erasure link by email.
    pub erase: String,
}

pub fn wording(mail: Mail, lang: Lang, links: &Links) -> Wording {
    let Links {
        action,
        unsubscribe,
        erase,
    } = links;
    match (mail, lang) {
        (Mail::Confirm, Lang::En) => Wording {
            subject: "Please confirm you want to join the ImmunoCommunity",
            body: format!(
                "Hello,\n\nSomeone, hopefully you, asked to join the ImmunoCommunity with this address.\n\n\
                 To confirm, open this link within 7 days:\n{action}\n\n\
                 If it was not you, ignore this email: without confirmation nothing is sent again.\n\n\
                 Unsubscribe: {unsubscribe}\n\
                 Erase your data: {erase}\n"
            ),
        },
        (Mail::Confirm, Lang::Es) => Wording {
            subject: "Confirme que desea unirse a la ImmunoCommunity",
            body: format!(
                "Hola:\n\nAlguien, esperamos que usted, pidió unirse a la ImmunoCommunity con esta dirección.\n\n\
                 Para confirmarlo, abra este enlace en los próximos 7 días:\n{action}\n\n\
                 Si no fue usted, ignore este correo: sin confirmación no le volveremos a escribir.\n\n\
                 Cancelar la suscripción: {unsubscribe}\n\
                 Borrar sus datos: {erase}\n"
            ),
        },
        (Mail::AlreadyMember, Lang::En) => Wording {
            subject: "You are already part of the ImmunoCommunity",
            body: format!(
                "Hello,\n\nSomeone asked to join the ImmunoCommunity with this address, which is already subscribed.\n\
                 Nothing has changed. To manage or end your subscription:\n{action}\n\n\
                 Unsubscribe: {unsubscribe}\n\
                 Erase your data: {erase}\n"
            ),
        },
        (Mail::EraseLink, Lang::En) => Wording {
            subject: "Your link to erase your ImmunoCommunity data",
            body: format!(
                "Hello,\n\nSomeone, hopefully you, asked to erase the data the ImmunoCommunity keeps for this address.\n\n\
                 To erase it, open this link within 24 hours and press the button:\n{action}\n\n\
                 If it was not you, ignore this email: nothing changes.\n\n\
                 Unsubscribe: {unsubscribe}\n"
            ),
        },
        (Mail::EraseLink, Lang::Es) => Wording {
            subject: "Su enlace para borrar sus datos de la ImmunoCommunity",
            body: format!(
                "Hola:\n\nAlguien, esperamos que usted, pidió borrar los datos que la ImmunoCommunity guarda de esta dirección.\n\n\
                 Para borrarlos, abra este enlace en las próximas 24 horas y pulse el botón:\n{action}\n\n\
                 Si no fue usted, ignore este correo: no cambia nada.\n\n\
                 Cancelar la suscripción: {unsubscribe}\n"
            ),
        },
        (Mail::AlreadyMember, Lang::Es) => Wording {
            subject: "Usted ya forma parte de la ImmunoCommunity",
            body: format!(
                "Hola:\n\nAlguien pidió unirse a la ImmunoCommunity con esta dirección, que ya está suscrita.\n\
                 No ha cambiado nada. Para administrar o cancelar su suscripción:\n{action}\n\n\
                 Cancelar la suscripción: {unsubscribe}\n\
                 Borrar sus datos: {erase}\n"
            ),
        },
    }
}
