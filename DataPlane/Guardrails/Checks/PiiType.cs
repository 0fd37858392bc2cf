namespace DataPlane.Guardrails.Checks;

/// <summary>
/// The <c>portkey.pii</c> entity types, in the order the scanner claims text: a span taken by an earlier type (a key, an
/// IBAN, a card number) is not looked at again by a later one (a phone number inside it).
/// </summary>
internal enum PiiType
{
    Secret,
    Email,
    Iban,
    CreditCard,
    UsSsn,
    IpAddress,
    Phone,
}
