/**
 * A vendor answer checked against the shape its normaliser reads, before it reads it: a field of the
 * wrong type is refused as a ValidationError naming the vendor, the field's path and what it should be,
 * never a TypeError from inside the normaliser.
 */
import { ValidationError } from '../http/errors';
import { shapeErrors, type Shape } from '../order/shape';

export { list, map, obj, oneOf, type Shape } from '../order/shape';

export function expectShape(value: unknown, shape: Shape, what: string, path = ''): void {
	const errors = shapeErrors(value, shape, path);
	if (!errors.length) return;
	throw new ValidationError(
		`${what} is not in the shape this node reads: ${errors.slice(0, 3).join('; ')}` +
			(errors.length > 3 ? ` (and ${errors.length - 3} more)` : ''),
		errors[0].split(':')[0] || what,
		"The vendor answered something its documentation does not allow. Check the credential's base URL points at " +
			'the vendor, and report the payload if it persists.',
	);
}
