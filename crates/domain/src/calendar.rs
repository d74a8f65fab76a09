//! Working-day calendar: weekends, public holidays and make-up working days (调休), and the response
//! deadlines computed over it.
