using ControlPlane.Http;

namespace ControlPlane.Workspaces;

internal static class WorkspaceValidator
{
    public static ValidationErrors Validate(WorkspaceRequest request)
    {
        var errors = new ValidationErrors();
        if (string.IsNullOrWhiteSpace(request.Name))
        {
            errors.Add("name", "is required.");
        }
        else if (request.Name.Length > 200)
        {
            errors.Add("name", "must be at most 200 characters.");
        }

        if (string.IsNullOrEmpty(request.Slug))
        {
            errors.Add("slug", "is required.");
        }
        else if (!SlugRules.IsValid(request.Slug))
        {
            errors.Add("slug", SlugRules.Description);
        }

        return errors;
    }
}
