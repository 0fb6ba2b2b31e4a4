//! Whole numbers in JSON bodies. JSON has one number type, so `4` and `4.0` are the same whole number and a
//! client (or a generator of clients) may send either; `4.5` is not a whole number, and says so.

use serde::de::Error;
use serde::{Deserialize, Deserializer};
use serde_json::Number;

fn whole(n: &Number) -> Option<i64> {
    n.as_i64().or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15).map(|f| f as i64))
}

/// A whole number, written with or without a fraction of zero.
pub fn number<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let n = Number::deserialize(d)?;
    whole(&n).ok_or_else(|| D::Error::custom(format!("{n} is not a whole number")))
}

/// Ratings: whole numbers from 0 to 255 (the rules then ask 1 to 5).
pub fn ratings<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
    let numbers = Vec::<Number>::deserialize(d)?;
    numbers
        .iter()
        .map(|n| {
            whole(n)
                .and_then(|w| u8::try_from(w).ok())
                .ok_or_else(|| D::Error::custom(format!("ratings: {n} is not a whole number from 1 to 5")))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    #[derive(Deserialize)]
    struct Body {
        #[serde(deserialize_with = "super::number")]
        minutes: i64,
        #[serde(default, deserialize_with = "super::ratings")]
        ratings: Vec<u8>,
    }

    fn parse(json: &str) -> Result<Body, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn a_zero_fraction_is_a_whole_number() {
        let b = parse(r#"{"minutes": 45.0, "ratings": [4, 5.0]}"#).unwrap();
        assert_eq!((b.minutes, b.ratings), (45, vec![4, 5]));
        assert_eq!(parse(r#"{"minutes": -3}"#).unwrap().minutes, -3);
        for bad in [
            r#"{"minutes": 45.5}"#,
            r#"{"minutes": "45"}"#,
            r#"{"minutes": 1, "ratings": [4.5]}"#,
            r#"{"minutes": 1, "ratings": [300]}"#,
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
